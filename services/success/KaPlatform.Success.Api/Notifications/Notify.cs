using System.Text.Json;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Texts;

namespace KaPlatform.Success.Api.Notifications;

/// <summary>Where a notification leads in the workspace: the record it is about.</summary>
public sealed record NotificationLink(string Kind, Guid Id);

/// <summary>
/// Writes a notification for everyone on the account's team (owner included) as the directory knows it now, inside
/// the caller's transaction. Only the team: docs/product.md §6 lets them see everything hanging off the account, and the
/// issue asks for "my accounts", so directors and cs managers are not flooded with their whole region.
/// </summary>
public static class Notify
{
    // A class, not a positional record: Dapper maps uuid[] onto properties only.
    private sealed class Team
    {
        public Guid OwnerId { get; init; }
        public Guid[] TeamUserIds { get; init; } = [];
        public string Name { get; init; } = "";
    }

    public static async Task<int> AccountTeamAsync(
        UnitOfWork work, Guid accountId, string kind, string sourceKey, ServerText text, NotificationLink link, CancellationToken cancellationToken)
    {
        var team = await work.Connection.QuerySingleOrDefaultAsync<Team>(new CommandDefinition(
            "SELECT owner_id, team_user_ids, name FROM account_directory WHERE id = @accountId",
            new { accountId }, work.Transaction, cancellationToken: cancellationToken));
        var parameters = new Dictionary<string, object?>(text.Params, StringComparer.Ordinal) { ["accountId"] = accountId };
        if (team is null)
        {
            return await AwaitDirectoryAsync(work, accountId, kind, sourceKey, parameters, text.Text, link, cancellationToken);
        }

        var users = team.TeamUserIds.Append(team.OwnerId).Distinct().ToArray();
        parameters["accountName"] = team.Name;
        return await InsertAsync(work, users, accountId, kind, sourceKey, parameters, text.Text, link, cancellationToken);
    }

    /// <summary>
    /// The account is not in the directory yet (its AccountRegistered is still on its way), so nobody here can be shown
    /// to be allowed to see the notice: it waits, and goes to the team when the account arrives (migration 0008). The
    /// delivery right after parking covers an account that arrived while this transaction ran; an account whose row
    /// another transaction has inserted but not yet committed at that moment is left to <see cref="AwaitingNoticesSweep"/>.
    /// </summary>
    private static Task<int> AwaitDirectoryAsync(UnitOfWork work, Guid accountId, string kind, string sourceKey,
        IReadOnlyDictionary<string, object?> parameters, string text, NotificationLink link, CancellationToken cancellationToken) =>
        work.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            INSERT INTO notices_awaiting_directory (account_id, kind, source_key, params, text, link_kind, link_id)
            VALUES (@accountId, @kind, @sourceKey, @params::jsonb, @text, @linkKind, @linkId)
            ON CONFLICT (account_id, source_key) DO NOTHING;
            SELECT deliver_awaiting_notices();
            """,
            new { accountId, kind, sourceKey, text, linkKind = link.Kind, linkId = link.Id, @params = JsonSerializer.Serialize(parameters, Json.Options) },
            work.Transaction, cancellationToken: cancellationToken));

    /// <summary>A notice about the user personally (their target, their digest): no account, so only they ever read it.</summary>
    public static Task<int> UserAsync(
        UnitOfWork work, Guid userId, string kind, string sourceKey, ServerText text, NotificationLink link, CancellationToken cancellationToken) =>
        InsertAsync(work, [userId], null, kind, sourceKey, text.Params, text.Text, link, cancellationToken);

    /// <summary>One notice per recipient; a (user, source) pair already told stays as it was.</summary>
    private static Task<int> InsertAsync(UnitOfWork work, Guid[] users, Guid? accountId, string kind, string sourceKey,
        IReadOnlyDictionary<string, object?> parameters, string text, NotificationLink link, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO notifications (id, user_id, account_id, kind, source_key, params, text, link_kind, link_id)
            SELECT r.id, r.user_id, @accountId, @kind, @sourceKey, @params::jsonb, @text, @linkKind, @linkId
            FROM unnest(@ids, @users) AS r(id, user_id)
            ON CONFLICT (user_id, source_key) DO NOTHING
            """,
            new
            {
                accountId, kind, sourceKey, text, linkKind = link.Kind, linkId = link.Id,
                ids = users.Select(_ => Guid.CreateVersion7()).ToArray(), users,
                @params = JsonSerializer.Serialize(parameters, Json.Options),
            },
            work.Transaction, cancellationToken: cancellationToken));
}
