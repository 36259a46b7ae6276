using KaPlatform.LocalInfra;

namespace KaPlatform.Unit.Tests;

public sealed class FreePortTests
{
    [Fact]
    public void The_ports_of_the_dashboards_own_urls_are_read_from_its_environment()
    {
        // As run.sh and stop-check.sh set ASPNETCORE_URLS for the dashboard: these ports must never go to a service.
        const string Variable = "KA_TEST_FREEPORT_URLS";
        Environment.SetEnvironmentVariable(Variable, "http://127.0.0.1:25427; http://localhost:25428;http://example.org;not a url");
        try
        {
            Assert.Equal([25427, 25428], FreePort.PortsIn(Variable));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }
}
