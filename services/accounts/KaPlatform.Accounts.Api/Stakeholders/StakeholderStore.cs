using Dapper;
using KaPlatform.Accounts.Api.Classification;
using KaPlatform.Accounts.Api.Shared;
using Npgsql;

namespace KaPlatform.Accounts.Api.Stakeholders;

/// <summary>Reads shared by the stakeholder slices, the power map and the classification (account closeness).</summary>
internal static class StakeholderStore
{
    public static async Task<List<Stakeholder>> ActiveAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid accountId, ClosenessWeights weights, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<Stakeholder>(new CommandDefinition(
            $"SELECT {Stakeholder.Columns} FROM stakeholders s WHERE s.account_id = @accountId AND s.status = 'active' ORDER BY s.id",
            new { accountId }, transaction, cancellationToken: cancellationToken)))
        .Select(s => s.WithCloseness(weights)).ToList();

    public static async Task<Stakeholder> OneAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid accountId, Guid id, ClosenessWeights weights,
        CancellationToken cancellationToken, bool forUpdate = false) =>
        (await connection.QuerySingleOrDefaultAsync<Stakeholder>(new CommandDefinition(
            $"SELECT {Stakeholder.Columns} FROM stakeholders s WHERE s.account_id = @accountId AND s.id = @id{(forUpdate ? " FOR UPDATE" : "")}",
            new { accountId, id }, transaction, cancellationToken: cancellationToken)))?.WithCloseness(weights)
        ?? throw Missing.Of("stakeholder");

    public static async Task<BehaviorStyles> StylesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken) =>
        (await BehaviorStyles.LoadAsync(connection, transaction, cancellationToken)).Settings;

    public static async Task<ClosenessWeights> WeightsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken) =>
        (await ClassificationSettings.LoadAsync(connection, transaction, cancellationToken)).Settings.ClosenessWeights;
}
