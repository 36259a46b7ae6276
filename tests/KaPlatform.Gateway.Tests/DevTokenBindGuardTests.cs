using KaPlatform.Gateway.Auth;

namespace KaPlatform.Gateway.Tests;

/// <summary>docs/product.md §6: with dev tokens on, only loopback addresses are acceptable for the gateway to listen on.</summary>
public sealed class DevTokenBindGuardTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://10.1.2.3:8080", false)]
    [InlineData("http://gateway.example.com:80", false)]
    public void Loopback_is_recognised(string address, bool loopback) => Assert.Equal(loopback, DevTokenBindGuard.IsLoopback(address));

    [Fact]
    public async Task A_gateway_with_dev_tokens_on_a_public_address_refuses_to_start()
    {
        var factory = new PublicGateway();
        var error = Assert.ThrowsAny<Exception>(() => factory.StartServer());
        Assert.Contains("Auth:DevTokens", error.ToString());
        await factory.DisposeAsync();
    }

    private sealed class PublicGateway : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
    {
        public PublicGateway()
        {
            UseKestrel(k => k.ListenAnyIP(0));
        }

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            builder.UseSetting("Auth:SigningKey", KaPlatform.Testing.TestTokens.SigningKey);
            builder.UseSetting("Auth:DevTokens", "true");
            builder.UseSetting("Logging:LogLevel:Default", "None");
        }
    }
}
