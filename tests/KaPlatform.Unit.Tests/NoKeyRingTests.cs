using KaPlatform.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KaPlatform.Unit.Tests;

public sealed class NoKeyRingTests
{
    [Fact]
    public void Data_protection_registers_the_key_ring_starter_that_is_removed_by_its_name()
    {
        // If ASP.NET renames its hosted service, removal silently stops: this test then fails first.
        var services = new ServiceCollection().AddDataProtection().Services;
        Assert.Single(KeyRingStarters(services));

        services.WithoutKeyRingAtStart();

        Assert.Empty(KeyRingStarters(services));
    }

    [Fact]
    public void Data_is_still_protected_on_first_use_without_the_starter()
    {
        var keys = Directory.CreateTempSubdirectory("ka-keyring-");
        try
        {
            var services = new ServiceCollection();
            services.AddDataProtection().PersistKeysToFileSystem(keys);
            services.WithoutKeyRingAtStart();
            using var provider = services.BuildServiceProvider();
            Assert.Empty(Directory.GetFiles(keys.FullName));

            var protector = provider.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");

            Assert.Equal("付款 42", protector.Unprotect(protector.Protect("付款 42")));
            Assert.NotEmpty(Directory.GetFiles(keys.FullName));
        }
        finally
        {
            keys.Delete(recursive: true);
        }
    }

    private static IEnumerable<ServiceDescriptor> KeyRingStarters(IServiceCollection services) =>
        services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "DataProtectionHostedService");
}
