using System.Security.Claims;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Success.Api.Notifications;

public sealed record DigestSettingsBody(bool? DailyDigest, int? DigestHour);

public sealed record DigestSettingsResponse(bool DailyDigest, int DigestHour);

/// <summary>GET|PUT /api/success/notifications/settings: the caller's own daily-digest choice, stored per user.</summary>
public static class DigestSettings
{
    // Off until the user asks: the bell already shows what is new; a digest is an extra the user opts into.
    private static readonly DigestSettingsResponse Default = new(false, 8);

    public static async Task<Ok<DigestSettingsResponse>> GetAsync(ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var stored = await connection.QuerySingleOrDefaultAsync<DigestSettingsResponse>(
            "SELECT daily_digest AS DailyDigest, digest_hour AS DigestHour FROM notification_settings WHERE user_id = @me", new { me = Caller.From(user).UserId });
        return TypedResults.Ok(stored ?? Default);
    }

    public static async Task<Ok<DigestSettingsResponse>> PutAsync(DigestSettingsBody? body, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        new FieldErrors()
            .Check(body?.DailyDigest is not null, "dailyDigest", "true or false")
            .Check(body?.DigestHour is null or (>= 0 and <= 23), "digestHour", "an hour of the day between 0 and 23")
            .ThrowIfAny();

        var settings = new DigestSettingsResponse(body!.DailyDigest!.Value, body.DigestHour ?? Default.DigestHour);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO notification_settings (user_id, daily_digest, digest_hour) VALUES (@me, @DailyDigest, @DigestHour)
            ON CONFLICT (user_id) DO UPDATE SET daily_digest = EXCLUDED.daily_digest, digest_hour = EXCLUDED.digest_hour, updated_at = clock_timestamp()
            """, new { me = Caller.From(user).UserId, settings.DailyDigest, settings.DigestHour });
        return TypedResults.Ok(settings);
    }
}
