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
    /// <summary>
    /// Every account notice is parked in notices_awaiting_directory and delivered by deliver_awaiting_notices (migrations
    /// 0008, 0009), so who receives it is written once, in SQL, for this path, the directory's trigger and the sweep.
    /// An account already in the directory gets it at once; one whose AccountRegistered is still on its way gets it
    /// when the account arrives. An account whose row another transaction has inserted but not yet committed at this
    /// moment is left to <see cref="AwaitingNoticesSweep"/>. Returns how many notices were written.
    /// </summary>
    public static Task<int> AccountTeamAsync(
        UnitOfWork work, Guid accountId, string kind, string sourceKey, ServerText text, NotificationLink link, CancellationToken cancellationToken)
    {
        var parameters = new Dictionary<string, object?>(text.Params, StringComparer.Ordinal) { ["accountId"] = accountId };
        return work.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            INSERT INTO notices_awaiting_directory (account_id, kind, source_key, params, text, link_kind, link_id)
            VALUES (@accountId, @kind, @sourceKey, @params::jsonb, @text, @linkKind, @linkId)
            ON CONFLICT (account_id, source_key) DO NOTHING;
            SELECT deliver_awaiting_notices(@accountId);
            """,
            new { accountId, kind, sourceKey, text = text.Text, linkKind = link.Kind, linkId = link.Id, @params = JsonSerializer.Serialize(parameters, Json.Options) },
            work.Transaction, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// A notice about the user personally (their target, their digest): no account, so only they ever read it; told
    /// once per source.
    /// </summary>
    public static Task<int> UserAsync(
        UnitOfWork work, Guid userId, string kind, string sourceKey, ServerText text, NotificationLink link, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO notifications (id, user_id, account_id, kind, source_key, params, text, link_kind, link_id)
            VALUES (@id, @userId, NULL, @kind, @sourceKey, @params::jsonb, @text, @linkKind, @linkId)
            ON CONFLICT (user_id, source_key) DO NOTHING
            """,
            new
            {
                id = Guid.CreateVersion7(), userId, kind, sourceKey, text = text.Text, linkKind = link.Kind, linkId = link.Id,
                @params = JsonSerializer.Serialize(text.Params, Json.Options),
            },
            work.Transaction, cancellationToken: cancellationToken));
}
