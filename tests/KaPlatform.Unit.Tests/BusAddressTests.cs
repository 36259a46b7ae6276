using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.EventBus;

namespace KaPlatform.Unit.Tests;

/// <summary>The one parser of ConnectionStrings:eventbus (the services' bus, the ERP exchange, the gateway's probe).</summary>
public sealed class BusAddressTests
{
    [Fact]
    public void An_aspire_connection_string_gives_host_port_vhost_and_unescaped_credentials()
    {
        var address = BusAddress.Parse("amqp://ka%40ops:p%3Ass@127.0.0.1:35672/ka-test");
        Assert.Equal(new BusAddress("127.0.0.1", 35672, "ka-test", "ka@ops", "p:ss"), address);
        var factory = address.CreateConnectionFactory("unit");
        Assert.Equal(("127.0.0.1", 35672, "ka-test", "ka@ops", "p:ss"), (factory.HostName, factory.Port, factory.VirtualHost, factory.UserName, factory.Password));
        Assert.False(factory.AutomaticRecoveryEnabled);
    }

    [Theory]
    [InlineData("amqp://guest:guest@localhost", 5672, "/")]
    [InlineData("rabbitmq://guest:guest@localhost:5673/", 5673, "/")]
    [InlineData("amqp://guest@localhost/a%2Fb", 5672, "a/b")]
    public void Port_and_virtual_host_have_defaults(string text, int port, string vhost)
    {
        Assert.True(BusAddress.TryParse(text, out var address));
        Assert.Equal((port, vhost), (address.Port, address.VirtualHost));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("http://localhost:5672/")]
    [InlineData("localhost:5672")]
    public void Anything_else_is_refused_with_what_was_expected(string? text)
    {
        Assert.False(BusAddress.TryParse(text, out _));
        Assert.Contains("amqp://user:pass@host:port/vhost", Assert.Throws<InvalidOperationException>(() => BusAddress.Parse(text)).Message);
    }
}
