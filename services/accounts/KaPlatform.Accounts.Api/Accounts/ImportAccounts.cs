using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using NpgsqlTypes;

namespace KaPlatform.Accounts.Api.Accounts;

public sealed record ImportFailure(int Line, string Error);

public sealed record ImportResult(int Created, IReadOnlyList<ImportFailure> Failed);

/// <summary>
/// POST /api/accounts/import: a UTF-8 CSV (text/csv body or one multipart file) whose header names the fields of docs/product.md §1.1.
/// Every line is validated first — format, enums, parent visible to the caller, a director's region — and each
/// bad line is reported, never aborting the good ones. The good lines then go in with binary COPY (accounts,
/// their AccountRegistered outbox rows and audit entries) in one transaction: all of them or none, never half an account.
/// </summary>
public static class ImportAccounts
{
    public const int MaxBytes = 20 * 1024 * 1024; // under Kestrel's 30 MB default, so the answer is this 400 rather than a 413
    public const int MaxRows = 100_000;

    private static readonly string[] Columns = ["name", "industry", "region", "parentId", "category", "purchasePattern", "lifecycleStage", "ownerId"];
    private static readonly string[] RequiredColumns = ["name", "region"];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private sealed record Line(int Number, AccountFields Fields, Guid? ParentId, Guid? OwnerId);

    public static async Task<Ok<ImportResult>> HandleAsync(HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        caller.Require(AccountAccess.Writers);
        var records = Csv.Read(await ReadTextAsync(request, cancellationToken)).ToList();
        if (records.Count == 0)
        {
            throw FieldErrors.Invalid("file", "The CSV is empty; the first line names the columns.");
        }

        var header = Header(records[0]);
        if (records.Count - 1 > MaxRows)
        {
            throw FieldErrors.Invalid("file", $"At most {MaxRows} lines per import.");
        }

        var failed = new List<ImportFailure>();
        var lines = new List<Line>();
        foreach (var record in records.Skip(1))
        {
            if (Parse(record, header, caller, out var line) is { } error)
            {
                failed.Add(new ImportFailure(record.Line, error));
            }
            else
            {
                lines.Add(line!);
            }
        }

        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var visibleParents = await VisibleParentsAsync(work, caller, lines, cancellationToken);
        failed.AddRange(lines.Where(l => l.ParentId is { } p && !visibleParents.Contains(p))
            .Select(l => new ImportFailure(l.Number, "parentId: the parent account does not exist or is not visible to you.")));
        var accepted = lines.Where(l => l.ParentId is not { } p || visibleParents.Contains(p)).ToList();

        if (accepted.Count > 0)
        {
            await CopyAsync(work, caller, accepted, cancellationToken);
            await work.CommitAsync(cancellationToken);
            AccountsMetrics.Registered.Add(accepted.Count, new KeyValuePair<string, object?>("source", "import"));
        }

        return TypedResults.Ok(new ImportResult(accepted.Count, failed.OrderBy(f => f.Line).ToList()));
    }

    private static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (bytes, _) = await UploadedFile.ReadAsync(request, MaxBytes, "CSV", cancellationToken);
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw FieldErrors.Invalid("file", "The file is not valid UTF-8 (save it as CSV UTF-8).");
        }

        // Refused, not stripped (docs/api-contract.md): a NUL in a CSV means a binary or mis-encoded file.
        return text.Contains('\0')
            ? throw FieldErrors.Invalid("file", "The file contains NUL characters (\\u0000); save it as CSV UTF-8 text.")
            : text;
    }

    /// <summary>Column name → position; unknown, repeated or missing required columns refuse the whole file.</summary>
    private static Dictionary<string, int> Header(Csv.Record record)
    {
        var problems = new List<string>();
        var header = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < record.Fields.Count; i++)
        {
            var name = record.Fields[i].Trim();
            if (!Columns.Contains(name))
            {
                problems.Add($"unknown column \"{name}\"; allowed: {string.Join(", ", Columns)}.");
            }
            else if (!header.TryAdd(name, i))
            {
                problems.Add($"column \"{name}\" appears twice.");
            }
        }

        foreach (var required in RequiredColumns.Where(c => !header.ContainsKey(c)))
        {
            problems.Add($"column \"{required}\" is required.");
        }

        // Every fault of the header in one answer: the file is fixed in one round.
        return problems.Count > 0 ? throw FieldErrors.Invalid("header", problems) : header;
    }

    private static string? Parse(Csv.Record record, Dictionary<string, int> header, Caller caller, out Line? line)
    {
        line = null;
        if (record.Error is not null)
        {
            return record.Error;
        }

        if (record.Fields.Count != header.Count)
        {
            return $"{record.Fields.Count} fields where the header has {header.Count}.";
        }

        string? Field(string name) => header.TryGetValue(name, out var i) && record.Fields[i].Trim() is { Length: > 0 } value ? value : null;
        var errors = new FieldErrors();
        Guid? Id(string name)
        {
            if (Field(name) is not { } text)
            {
                return null;
            }

            errors.Check(Guid.TryParse(text, out var id) && id != Guid.Empty, name, "must be a non-empty UUID.");
            return id == Guid.Empty ? null : id;
        }

        var fields = new AccountFields(Field("name"), Field("industry"), Field("region"), Field("category"), Field("purchasePattern"), Field("lifecycleStage"))
            .Validated(errors);
        var parentId = Id("parentId");
        var ownerId = Id("ownerId");
        if (!errors.Any && caller.IsIn(Roles.SalesDirector) && !caller.IsIn(Roles.Admin) && fields.Region != caller.Region)
        {
            errors.Add("region", $"a sales director imports accounts in their own region ({caller.Region}).");
        }

        if (errors.Any)
        {
            return errors.Summary();
        }

        line = new Line(record.Line, fields, parentId, ownerId);
        return null;
    }

    private static async Task<HashSet<Guid>> VisibleParentsAsync(UnitOfWork work, Caller caller, List<Line> lines, CancellationToken cancellationToken)
    {
        var ids = lines.Where(l => l.ParentId is not null).Select(l => l.ParentId!.Value).Distinct().ToArray();
        if (ids.Length == 0)
        {
            return [];
        }

        var parameters = new DynamicParameters(new { ids });
        var scope = AccountScope.Predicate(caller, parameters, "a");
        return (await work.Connection.QueryAsync<Guid>(new CommandDefinition(
            $"SELECT a.id FROM accounts a WHERE a.id = ANY(@ids) AND {scope}", parameters, work.Transaction, cancellationToken: cancellationToken))).ToHashSet();
    }

    private static async Task CopyAsync(UnitOfWork work, Caller caller, List<Line> lines, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        // One COPY at a time on a connection: the accounts first, then their events and audit entries.
        var created = new List<(Guid Id, Line Line, TeamMember[] Team)>(lines.Count);
        await using (var copy = await work.Connection.BeginBinaryImportAsync(
            """
            COPY accounts (id, name, industry, region, parent_id, category, purchase_pattern, lifecycle_stage,
                           owner_id, team, team_user_ids, created_by) FROM STDIN (FORMAT BINARY)
            """, cancellationToken))
        {
            foreach (var line in lines)
            {
                var ownerId = line.OwnerId ?? caller.UserId;
                var team = AccountTeam.Compose(ownerId, RegisterAccount.WithRegistrar(caller, ownerId, []));
                var id = Guid.CreateVersion7();
                created.Add((id, line, team));
                var f = line.Fields;
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(f.Name!, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(copy, f.Industry, cancellationToken);
                await copy.WriteAsync(f.Region!, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(copy, line.ParentId, cancellationToken);
                await WriteNullableAsync(copy, f.Category, cancellationToken);
                await WriteNullableAsync(copy, f.PurchasePattern, cancellationToken);
                await WriteNullableAsync(copy, f.LifecycleStage, cancellationToken);
                await copy.WriteAsync(ownerId, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(JsonSerializer.Serialize(team, Json.Options), NpgsqlDbType.Jsonb, cancellationToken);
                await copy.WriteAsync(AccountTeam.UserIds(team), NpgsqlDbType.Array | NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(caller.UserId, NpgsqlDbType.Uuid, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await work.PublishManyAsync(created.Select(c => new AccountRegistered(Guid.CreateVersion7(), now, c.Id, c.Line.Fields.Name!,
            c.Line.Fields.Region!, c.Team[0].UserId, c.Line.ParentId, AccountTeam.UserIds(c.Team))), cancellationToken);
        await work.AuditManyAsync(caller, "account",
            created.Select(c => (c.Id, "imported", (object?)new { line = c.Line.Number, c.Line.Fields, c.Line.ParentId, team = c.Team })), cancellationToken);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, cancellationToken);
}
