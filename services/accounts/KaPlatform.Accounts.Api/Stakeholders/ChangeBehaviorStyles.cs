using System.Security.Claims;
using System.Text.Json;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Stakeholders;

/// <summary>
/// GET (anyone signed in: the workspace shows the tips) and PUT (admin, If-Match) /api/accounts/settings/behavior-styles.
/// PUT replaces the whole document; a style left out has no tips.
/// </summary>
public static class ChangeBehaviorStyles
{
    private const int MaxTips = 20;

    public static async Task<Ok<BehaviorStyles>> GetAsync(HttpResponse response, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var (settings, version) = await BehaviorStyles.LoadAsync(connection, null, cancellationToken);
        response.Headers.ETag = Concurrency.ETag(version);
        return TypedResults.Ok(settings);
    }

    public static async Task<Ok<BehaviorStyles>> PutAsync(
        JsonElement body, ClaimsPrincipal user, HttpContext http, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        caller.Require(Roles.Admin);
        var settings = RequestBody.Read<BehaviorStyles>(body);
        var errors = new FieldErrors();
        errors.Check(settings.Tips is not null && settings.Tips.Keys.All(BehaviorStyles.Styles.Contains), "tips",
            $"keys are behaviour styles: {string.Join(", ", BehaviorStyles.Styles)}.");
        errors.Check(settings.Tips is null || settings.Tips.Values.All(list => list is not null && list.Count <= MaxTips && list.All(Valid)),
            "tips", $"up to {MaxTips} tips per style, each {{code, en, zh}} with non-empty texts of at most 500 characters.");
        errors.ThrowIfAny();

        await AccountSettings.ReplaceAsync(db, caller, http, BehaviorStyles.Key, "behavior_styles", settings, cancellationToken);
        return TypedResults.Ok(settings);
    }

    private static bool Valid(CommunicationTip? tip) =>
        tip is not null && new[] { tip.Code, tip.En, tip.Zh }.All(t => !string.IsNullOrWhiteSpace(t) && t.Length <= 500);
}
