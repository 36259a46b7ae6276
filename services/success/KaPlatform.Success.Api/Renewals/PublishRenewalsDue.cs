using System.Security.Claims;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Success.Api.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KaPlatform.Success.Api.Renewals;

/// <summary>
/// POST /api/success/renewals/due-scan?asOf= (admin): only the renewal part of the daily scan (DailyScan), for a given
/// date: RenewalDue for the terms entering their lead window.
/// </summary>
public static class PublishRenewalsDue
{
    public static async Task<Ok<ScanResult>> HandleAsync(
        DateOnly? asOf, ClaimsPrincipal user, NpgsqlDataSource db, IOptions<SuccessOptions> options, CancellationToken cancellationToken)
    {
        Caller.From(user).Require(Roles.Admin);
        var date = asOf ?? BusinessCalendar.Current.Today;
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var due = await RenewalTracking.PublishDueAsync(work, date, options.Value, null, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Ok(new ScanResult(date, due, 0));
    }
}
