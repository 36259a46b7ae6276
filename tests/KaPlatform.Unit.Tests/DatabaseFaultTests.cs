using KaPlatform.ServiceDefaults.Problems;
using Npgsql;

namespace KaPlatform.Unit.Tests;

/// <summary>Which database errors a request answers 503 for (DatabaseUnavailableHandler), and which stay what they are.</summary>
public sealed class DatabaseFaultTests
{
    [Theory]
    [InlineData("57P01", "database_unavailable")] // sessions terminated (a restart, a failover, pg_terminate_backend)
    [InlineData("57P03", "database_unavailable")] // starting up
    [InlineData("55000", "database_unavailable")] // the database refuses connections (ALLOW_CONNECTIONS false)
    [InlineData("53300", "database_unavailable")] // too many connections
    [InlineData("40P01", "database_busy")]
    [InlineData("40001", "database_busy")]
    [InlineData("55P03", "database_busy")]
    public void A_passing_database_fault_is_a_503(string sqlState, string code)
    {
        var fault = DatabaseUnavailableHandler.Classify(new PostgresException("x", "FATAL", "FATAL", sqlState));
        Assert.Equal(code, fault?.Code);
    }

    [Theory]
    [InlineData("23505")] // a duplicate: 409 from StorageRefusalHandler
    [InlineData("22P02")] // bad input: 400
    [InlineData("42P01")] // a missing table is a bug: 500
    public void Bad_input_and_bugs_are_not_a_503(string sqlState) =>
        Assert.Null(DatabaseUnavailableHandler.Classify(new PostgresException("x", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void A_timeout_or_a_refused_socket_is_a_503()
    {
        Assert.Equal("database_unavailable", DatabaseUnavailableHandler.Classify(new NpgsqlException("timeout", new TimeoutException()))?.Code);
        Assert.Equal("database_unavailable", DatabaseUnavailableHandler.Classify(
            new NpgsqlException("refused", new System.Net.Sockets.SocketException(111)))?.Code);
    }
}
