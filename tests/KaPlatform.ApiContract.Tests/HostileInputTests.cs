using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace KaPlatform.ApiContract.Tests;

/// <summary>
/// docs/product.md §0 "never a 500 for bad input", tried as a hostile client would: for every write and list route of the four
/// OpenAPI documents, at least 40 malformed requests. Each answer must be below 500, a problem+json when it is an
/// error, free of CLR type names and parser messages; malformed ones must be refused and store nothing.
/// </summary>
public sealed partial class HostileInputTests(ApiContractFixture platform, ITestOutputHelper output)
{
    [Fact]
    public async Task No_hostile_request_gets_a_5xx_or_a_type_name_and_refusals_store_nothing()
    {
        var stopwatch = Stopwatch.StartNew();
        var documents = await OpenApiDocuments.LoadAsync(platform.Gateway);
        var operations = documents.SelectMany(d => OpenApiDocuments.Operations(d.Key, d.Value))
            .Where(o => o.IsWrite || o.IsList).ToList();
        var clients = ApiContractFixture.Services.ToDictionary(s => s, s => platform.Direct(s));
        var statuses = new ConcurrentDictionary<int, int>();
        var failures = new ConcurrentBag<string>();
        var requests = 0;

        // Malformed first, between two counts of every table: a refusal stores nothing, not even an audit row. The
        // variants a route may rightly accept (an empty body for a win, a well-formed foreign cursor) can store, so
        // they run after the second count.
        var corpus = operations.ToDictionary(o => o, o => HostileCorpus.For(o).ToList());
        var before = await StoredRows.CountAsync(platform);
        await Parallel.ForEachAsync(operations, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (operation, _) =>
        {
            foreach (var variant in corpus[operation].Where(v => v.MustRefuse))
            {
                Interlocked.Increment(ref requests);
                await SendAsync(clients[operation.Service], operation, variant, statuses, failures);
            }
        });
        var after = await StoredRows.CountAsync(platform);
        var stored = after.Where(t => before.GetValueOrDefault(t.Key) != t.Value).Select(t => $"{t.Key}: {before.GetValueOrDefault(t.Key)} → {t.Value}").ToList();

        // Then what may be accepted and exotic but valid texts: they may be stored; they may never break anything.
        await Parallel.ForEachAsync(operations, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (operation, _) =>
        {
            foreach (var variant in corpus[operation].Where(v => !v.MustRefuse).Concat(operation.IsWrite ? HostileCorpus.Exotic(operation) : []))
            {
                Interlocked.Increment(ref requests);
                await SendAsync(clients[operation.Service], operation, variant, statuses, failures);
            }
        });

        var perService = operations.GroupBy(o => o.Service).Select(g => $"{g.Key} {g.Count()}");
        var summary = $"hostile input: {operations.Count} routes ({string.Join(", ", perService)}), {requests} requests, statuses "
                      + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))
                      + $", {statuses.Where(s => s.Key >= 500).Sum(s => s.Value)}×5xx, {stopwatch.Elapsed.TotalSeconds:F0} s";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        TestContext.Current.SendDiagnosticMessage(summary);
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        Assert.True(operations.Count >= 40, $"only {operations.Count} write and list routes documented");
        Assert.True(failures.IsEmpty, $"{failures.Count} bad answers:\n" + string.Join("\n", failures.Take(60)));
        Assert.True(stored.Count == 0, "refused requests stored rows:\n" + string.Join("\n", stored));
    }

    private async Task SendAsync(HttpClient client, Operation operation, Variant variant, ConcurrentDictionary<int, int> statuses, ConcurrentBag<string> failures)
    {
        var path = RouteValues.Fill(operation.Path, platform.Ids) + (variant.Query.Length > 0 ? "?" + variant.Query : "");
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path);
        if (variant.Body is not null)
        {
            request.Content = new ByteArrayContent(variant.Body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(variant.ContentType!);
        }

        string text;
        int status;
        string? contentType;
        try
        {
            using var response = await client.SendAsync(request);
            status = (int)response.StatusCode;
            contentType = response.Content.Headers.ContentType?.MediaType;
            text = await response.Content.ReadAsStringAsync();
        }
        catch (HttpRequestException e)
        {
            failures.Add($"{operation} [{variant.Label}]: connection failed ({e.Message})");
            return;
        }

        statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        var what = $"{operation} [{variant.Label}] → {status}";
        if (status >= 500)
        {
            failures.Add($"{what}: {Cut(text)}");
        }
        else if (variant.MustRefuse && status < 400)
        {
            failures.Add($"{what}: accepted a malformed request: {Cut(text)}");
        }
        else if (status >= 400 && contentType != "application/problem+json")
        {
            failures.Add($"{what}: {contentType ?? "no body"} instead of application/problem+json");
        }
        else if (status >= 400 && !text.Contains("\"code\"", StringComparison.Ordinal))
        {
            failures.Add($"{what}: a problem without a code: {Cut(text)}");
        }
        else if (status >= 400 && Internal().Match(text) is { Success: true } leak)
        {
            failures.Add($"{what}: names an internal ({leak.Value}): {Cut(text)}");
        }
    }

    private static string Cut(string text) => text.Length > 400 ? text[..400] + "…" : text;

    /// <summary>What a client developer must never read: CLR types, serializer and parser internals, driver names.</summary>
    [GeneratedRegex(@"System\.[A-Z]|KaPlatform\.[A-Z]|Nullable`|`1\[|could not be converted|LineNumber|BytePositionInLine|Path: \$|Npgsql|Exception|Microsoft\.[A-Z]")]
    private static partial Regex Internal();
}
