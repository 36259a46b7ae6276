using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KaPlatform.ServiceDefaults.Health;

/// <summary>
/// docs/product.md §6: /health and /metrics show details (addresses, dependency errors, per-region counts) only to operations —
/// a caller presenting Ops:ApiKey in X-Ops-Key, or any request arriving on Ops:InternalPort (a port the deployment
/// binds on an address only its monitoring can reach). Everyone else learns the status and nothing more.
/// </summary>
public static class OpsAccess
{
    public const string Header = "X-Ops-Key";

    public static bool IsTrusted(HttpContext context)
    {
        var configuration = context.RequestServices.GetRequiredService<IConfiguration>();
        if (configuration.GetValue<int?>("Ops:InternalPort") is > 0 and var port && context.Connection.LocalPort == port)
        {
            return true;
        }

        var expected = configuration["Ops:ApiKey"];
        var presented = context.Request.Headers[Header].ToString();
        return !string.IsNullOrEmpty(expected) && presented.Length > 0
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
    }
}
