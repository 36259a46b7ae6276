using System.Security.Claims;
using System.Text;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Users;

public sealed record UserImportFailure(int Line, string Error);

public sealed record UserImportResult(int Imported, IReadOnlyList<UserImportFailure> Failed);

/// <summary>
/// POST /api/users/import (admins): a UTF-8 CSV "id,name,roles,region" of people who have not signed in yet, so they
/// can be named as owners and team members today. id is the platform UUID or the provider's subject (mapped as a
/// token's would be, against Auth:Authority); roles are space- or semicolon-separated. Someone who has signed in is
/// left alone: their token is the better source. Bad lines are reported; the good ones go in together.
/// </summary>
public static class ImportUsers
{
    public const int MaxRows = 20_000;

    private const string Upsert = """
        INSERT INTO users AS u (id, name, roles, region, source)
        VALUES (@Id, @Name, @Roles, @Region, 'import')
        ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, roles = EXCLUDED.roles, region = EXCLUDED.region, updated_at = now()
        WHERE u.last_seen IS NULL
        """;

    private sealed record Row(Guid Id, string Name, string[] Roles, string? Region);

    public static async Task<Ok<UserImportResult>> HandleAsync(
        HttpRequest request, ClaimsPrincipal user, AuthOptions auth, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        Caller.From(user).Require(Roles.Admin);
        try
        {
            return await ImportAsync(request, auth, db, cancellationToken);
        }
        catch (DecoderFallbackException)
        {
            throw new BusinessRuleException("invalid_encoding", "The file is not UTF-8 text.");
        }
    }

    private static async Task<Ok<UserImportResult>> ImportAsync(HttpRequest request, AuthOptions auth, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true));
        var header = (await reader.ReadLineAsync(cancellationToken))?.TrimStart('\uFEFF').Split(',').Select(h => h.Trim().ToLowerInvariant()).ToArray();
        if (header is null || !header.SequenceEqual(["id", "name", "roles", "region"]))
        {
            throw new BusinessRuleException("invalid_csv_header", "The first line must be: id,name,roles,region");
        }

        var issuer = auth.UsesAuthority ? auth.Authority! : auth.Issuer;
        var rows = new List<Row>();
        var failed = new List<UserImportFailure>();
        var number = 1;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (number > MaxRows + 1)
            {
                throw new BusinessRuleException("too_many_rows", $"At most {MaxRows} people per import.");
            }

            var (row, error) = Parse(line, issuer);
            if (row is null)
            {
                failed.Add(new UserImportFailure(number, error!));
            }
            else
            {
                rows.Add(row);
            }
        }

        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Rows written: a line naming someone who has signed in is accepted but changes nothing.
        var written = await connection.ExecuteAsync(new CommandDefinition(Upsert, rows, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new UserImportResult(written, failed));
    }

    private static (Row? Row, string? Error) Parse(string line, string issuer)
    {
        var cells = line.Split(',').Select(c => c.Trim()).ToArray();
        if (cells.Length != 4)
        {
            return (null, "expected 4 columns: id,name,roles,region");
        }

        if (cells[0].Length == 0 || cells[1].Length == 0)
        {
            return (null, "id and name are required");
        }

        if (cells[1].Length > 200)
        {
            return (null, "name is longer than 200 characters");
        }

        var roles = cells[2].Split([' ', ';'], StringSplitOptions.RemoveEmptyEntries);
        if (roles.FirstOrDefault(r => !Roles.All.Contains(r)) is { } unknown)
        {
            return (null, $"unknown role '{unknown}'");
        }

        return (new Row(PlatformUserId.From(issuer, cells[0]), cells[1], roles, cells[3].Length == 0 ? null : cells[3]), null);
    }
}
