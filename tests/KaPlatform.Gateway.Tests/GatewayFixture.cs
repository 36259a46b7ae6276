namespace KaPlatform.Gateway.Tests;

/// <summary>Stub backends plus one gateway with the default configuration, shared by a test class.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public StubBackendsFixture Backends { get; } = new();

    public GatewayFactory Gateway { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Backends.InitializeAsync();
        Gateway = GatewayFactory.Start(Backends);
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Backends.DisposeAsync();
    }
}
