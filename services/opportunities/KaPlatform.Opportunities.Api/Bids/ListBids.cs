using System.Globalization;
using System.Security.Claims;
using Dapper;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Bids;

/// <summary>
/// GET /api/bids?dueWithinDays=&amp;status=&amp;opportunityId=, soonest deadline first. dueWithinDays keeps what needs
/// action in the next N days: a bid still in preparation whose submission deadline falls in them, or an unreturned bid bond due in them.
/// </summary>
public static class ListBids
{
    public static readonly string[] Statuses = ["preparing", "submitted", "won", "lost", "cancelled"];

    public static async Task<Ok<Page<BidResponse>>> HandleAsync(
        int? dueWithinDays, [OneOf(typeof(ListBids), nameof(Statuses))] string? status, Guid? opportunityId, int? limit, string? cursor,
        ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var take = Paging.Limit(limit);
        var (afterDeadline, afterId) = ReadCursor(cursor);
        new FieldErrors()
            .Check(dueWithinDays is null or (>= 0 and <= 3650), "dueWithinDays", "0 to 3650 days.")
            .Choice("status", status, Statuses, required: false)
            .ThrowIfAny();

        var now = DateTime.UtcNow;
        var parameters = new DynamicParameters(new
        {
            status,
            opportunityId,
            now,
            until = dueWithinDays is null ? (DateTime?)null : now.AddDays(dueWithinDays.Value),
            today = BusinessCalendar.Current.Today,
            untilDay = dueWithinDays is null ? (DateOnly?)null : BusinessCalendar.Current.Today.AddDays(dueWithinDays.Value),
            afterDeadline,
            afterId,
            take = take + 1,
        });
        var scope = AccountScope.Predicate(Caller.From(user), parameters, "d");
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<BidResponse>(
            $"""
            SELECT {BidResponse.Columns} FROM bids b JOIN account_directory d ON d.id = b.account_id
            WHERE {scope}
              AND (@status::text IS NULL OR b.status = @status) AND (@opportunityId::uuid IS NULL OR b.opportunity_id = @opportunityId)
              AND (@until::timestamptz IS NULL
                   OR (b.status = 'preparing' AND b.submission_deadline BETWEEN @now AND @until)
                   OR (b.bond_due_date BETWEEN @today AND @untilDay AND coalesce((b.bid_bond ->> 'returned')::boolean, false) = false))
              AND (@afterId::uuid IS NULL OR (b.submission_deadline, b.id) > (@afterDeadline::timestamptz, @afterId::uuid))
            ORDER BY b.submission_deadline, b.id LIMIT @take
            """, parameters)).ToList();
        return TypedResults.Ok(Paging.ToPage(rows, take, b => $"{b.SubmissionDeadline.Ticks}|{b.Id}"));
    }

    /// <summary>The (deadline ticks, id) after which the page starts; a cursor without that shape was not written here (400).</summary>
    private static (DateTime? Deadline, Guid? Id) ReadCursor(string? cursor)
    {
        if (Paging.Decode(cursor) is not { } key)
        {
            return (null, null);
        }

        var parts = key.Split('|');
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
               && ticks <= DateTime.MaxValue.Ticks && Guid.TryParse(parts[1], out var id)
            ? (new DateTime(ticks, DateTimeKind.Utc), id)
            : throw Paging.InvalidCursor();
    }
}
