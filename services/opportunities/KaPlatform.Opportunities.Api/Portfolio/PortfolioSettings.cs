using System.Security.Claims;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Portfolio;

/// <summary>When a KAM carries too many accounts to serve them well (docs/product.md §9 defaults: A+B over 8, all over 25).</summary>
public sealed class PortfolioSettingsResponse
{
    public int MaxKeyAccounts { get; init; }
    public int MaxAccounts { get; init; }

    /// <summary>The month the fiscal year starts (1 = calendar year); "won this fiscal year" counts from it.</summary>
    public int FiscalYearStartMonth { get; init; }

    public DateTime UpdatedAt { get; init; }
    public int Version { get; init; }
}

public sealed record PortfolioSettingsRequest(int? MaxKeyAccounts, int? MaxAccounts, int? FiscalYearStartMonth);

/// <summary>GET /api/portfolio/settings (everyone who may ask for a portfolio), PUT (admin, audited).</summary>
public static class PortfolioSettings
{
    private const string Select = "SELECT max_key_accounts, max_accounts, fiscal_year_start_month, updated_at, version FROM portfolio_settings WHERE id = 1";

    public static Task<PortfolioSettingsResponse> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction = null) =>
        connection.QuerySingleAsync<PortfolioSettingsResponse>(Select, transaction: transaction);

    public static async Task<Ok<PortfolioSettingsResponse>> GetAsync(HttpResponse http, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var settings = await ReadAsync(connection);
        http.Headers.ETag = Concurrency.ETag(settings.Version);
        return TypedResults.Ok(settings);
    }

    public static async Task<Ok<PortfolioSettingsResponse>> PutAsync(
        PortfolioSettingsRequest request, ClaimsPrincipal user, HttpRequest http, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        caller.Require(Roles.Admin);
        new FieldErrors()
            .Check(request.MaxKeyAccounts is >= 0 and <= 10_000, "maxKeyAccounts", "A whole number from 0 to 10000.")
            .Check(request.MaxAccounts is >= 0 and <= 100_000, "maxAccounts", "A whole number from 0 to 100000.")
            .Check(request.FiscalYearStartMonth is null or (>= 1 and <= 12), "fiscalYearStartMonth", "A month from 1 to 12.")
            .ThrowIfAny();
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var current = await work.Connection.QuerySingleAsync<PortfolioSettingsResponse>(Select + " FOR UPDATE", transaction: work.Transaction);
        Concurrency.Check(http, current.Version);
        await work.Connection.ExecuteAsync(
            """
            UPDATE portfolio_settings SET max_key_accounts = @MaxKeyAccounts, max_accounts = @MaxAccounts,
                   fiscal_year_start_month = coalesce(@FiscalYearStartMonth, fiscal_year_start_month), updated_by = @UserId,
                   updated_at = clock_timestamp(), version = version + 1
            WHERE id = 1
            """, new { request.MaxKeyAccounts, request.MaxAccounts, request.FiscalYearStartMonth, caller.UserId }, work.Transaction);
        await work.AuditAsync(caller, "portfolio_settings", Guid.Empty, "updated", new { from = current, to = request }, cancellationToken);
        var updated = await ReadAsync(work.Connection, work.Transaction);
        await work.CommitAsync(cancellationToken);
        http.HttpContext.Response.Headers.ETag = Concurrency.ETag(updated.Version);
        return TypedResults.Ok(updated);
    }
}
