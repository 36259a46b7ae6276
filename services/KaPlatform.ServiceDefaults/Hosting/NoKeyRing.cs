using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KaPlatform.ServiceDefaults.Hosting;

/// <summary>
/// The services accept bearer tokens only: nothing in them protects data (no cookies, antiforgery is off). AddAuthentication
/// still registers ASP.NET's data protection, whose hosted service reads (or writes) an XML key ring under $HOME at start:
/// that maps the XML stack into every service (~4 MB of RSS, issue 18) and writes a file no one reads. Without the hosted
/// service the key ring would be created on first use, so anything that does protect data later still works.
/// </summary>
public static class NoKeyRing
{
    private const string KeyRingStarter = "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService";

    public static IServiceCollection WithoutKeyRingAtStart(this IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IHostedService) && services[i].ImplementationType?.FullName == KeyRingStarter)
            {
                services.RemoveAt(i);
            }
        }

        return services;
    }
}
