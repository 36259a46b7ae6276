using System.Security.Claims;
using System.Text.Json;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Classification;

/// <summary>
/// GET|PUT /api/accounts/settings/classification (admin). PUT replaces the whole document; members left out take
/// their defaults. New thresholds apply to the next assessments: history keeps what was concluded at the time.
/// </summary>
public static class ChangeClassificationSettings
{
    public static async Task<Ok<ClassificationSettings>> GetAsync(ClaimsPrincipal user, HttpResponse response, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        Caller.From(user).Require(Roles.Admin);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var (settings, version) = await ClassificationSettings.LoadAsync(connection, null, cancellationToken);
        response.Headers.ETag = Concurrency.ETag(version);
        return TypedResults.Ok(settings);
    }

    public static async Task<Ok<ClassificationSettings>> PutAsync(
        JsonElement body, ClaimsPrincipal user, HttpContext http, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        caller.Require(Roles.Admin);
        var settings = RequestBody.Read<ClassificationSettings>(body);
        Validate(settings);

        await AccountSettings.ReplaceAsync(db, caller, http, ClassificationSettings.Key, "classification_settings", settings, cancellationToken);
        return TypedResults.Ok(settings);
    }

    private static void Validate(ClassificationSettings s)
    {
        var errors = new FieldErrors();
        errors.Check(s.PotentialLevels is { Medium: > 0 } p && p.High > p.Medium, "potentialLevels", "needs 0 < medium < high.");
        errors.Check(s.ContributionLevels is { Medium: > 0 } c && c.High > c.Medium, "contributionLevels", "needs 0 < medium < high.");
        errors.Range("contributionLevels.stepDownRatio", s.ContributionLevels?.StepDownRatio, 0, 1);
        errors.Range("strongRelationship", s.StrongRelationship, 0, 100);
        if (s.Qualification is not { } q)
        {
            errors.Add("qualification", "is required.");
        }
        else
        {
            errors.Range("qualification.minimumMet", q.MinimumMet, 0, 7);
            errors.Check(q.SalesVolume >= 0 && q.Potential >= 0 && q.MaxPaymentDelayDays >= 0, "qualification", "thresholds cannot be negative.");
            errors.Check(q.AcceptedCreditRatings is not null && q.AcceptedCreditRatings.All(Values.CreditRatings.Contains),
                "qualification.acceptedCreditRatings", "ratings are A..D.");
        }

        errors.Check(s.ClosenessWeights is { Relationship: >= 0, Solution: >= 0, Price: >= 0 } w && w.Relationship + w.Solution + w.Price == 1m,
            "closenessWeights", "three non-negative weights that sum to 1.");
        errors.Check(s.Tactics is not null && s.Tactics.Keys.All(ClassificationSettings.Strategies.Contains), "tactics",
            $"keys are strategies: {string.Join(", ", ClassificationSettings.Strategies)}.");
        errors.Check(s.Tactics is null || s.Tactics.Values.All(t => t is not null && t.Count <= 20 && t.All(x => !string.IsNullOrWhiteSpace(x) && x.Length <= 500)),
            "tactics", "up to 20 non-empty texts of at most 500 characters per strategy.");
        errors.ThrowIfAny();
    }
}
