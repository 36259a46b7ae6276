using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace KaPlatform.DemoData;

/// <summary>
/// The gateway as a real client sees it: dev tokens (or the bundled provider's tokens), then the public API. Seeding never touches a database directly,
/// so the demo data goes through validation, visibility rules and the outbox like any other. The services talk to
/// each other by events, so whatever one step needs from another service is waited for (<see cref="WaitForAsync"/>).
/// </summary>
internal sealed class SeedClient(HttpClient gateway, DemoCalendar dates, Action<string>? log, ProviderSignIn? provider = null)
{
    /// <summary>How long an event may take to show up in another service before the seed gives up.</summary>
    public static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<DemoUser, Task<string>> tokens = new();
    private readonly Dictionary<string, Guid> ids = new();
    private readonly Lock gate = new();

    public DemoCalendar Dates => dates;

    /// <summary>A tag unique to this run, for references that must be unique platform-wide (payment externalRef).</summary>
    public string RunTag { get; } = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    /// <summary>How many HTTP requests the seed made (for the log line).</summary>
    public int Requests => requests;

    private int requests;

    public void Log(string message) => log?.Invoke(message);

    // ---- ids by key ----------------------------------------------------------------------------------------------

    /// <summary>Ids the steps created, by a stable key ("account:cmcc-zj"), so a later step can point at an earlier one.</summary>
    public IReadOnlyDictionary<string, Guid> Ids
    {
        get
        {
            lock (gate)
            {
                return new Dictionary<string, Guid>(ids);
            }
        }
    }

    public Guid Remember(string key, Guid id)
    {
        lock (gate)
        {
            if (!ids.TryAdd(key, id))
            {
                throw new InvalidOperationException($"Demo seed: the key '{key}' is used twice.");
            }
        }

        return id;
    }

    public Guid Id(string key)
    {
        lock (gate)
        {
            return ids.TryGetValue(key, out var id)
                ? id
                : throw new InvalidOperationException($"Demo seed: nothing was created under '{key}' (a table names a key no earlier step made).");
        }
    }

    public Guid Account(string key) => Id("account:" + key);

    public Guid Stakeholder(string account, string key) => Id($"stakeholder:{account}:{key}");

    // ---- HTTP ------------------------------------------------------------------------------------------------------

    public Task<JsonElement> GetAsync(DemoUser user, string path, CancellationToken cancellationToken) =>
        SendAsync(user, HttpMethod.Get, path, null, cancellationToken);

    public Task<JsonElement> PostAsync(DemoUser user, string path, object? body, CancellationToken cancellationToken) =>
        SendAsync(user, HttpMethod.Post, path, body, cancellationToken);

    public Task<JsonElement> PatchAsync(DemoUser user, string path, object body, CancellationToken cancellationToken) =>
        SendAsync(user, HttpMethod.Patch, path, body, cancellationToken);

    public Task<JsonElement> PutAsync(DemoUser user, string path, object body, CancellationToken cancellationToken) =>
        SendAsync(user, HttpMethod.Put, path, body, cancellationToken);

    /// <summary>POSTs as the given user, remembers the created id under <paramref name="key"/> and returns it.</summary>
    public async Task<Guid> CreateAsync(DemoUser user, string path, object body, string key, CancellationToken cancellationToken)
    {
        var created = await PostAsync(user, path, body, cancellationToken);
        return Remember(key, created.GetProperty("id").GetGuid());
    }

    /// <summary>GET that answers null on 404 (not there yet, or not visible).</summary>
    public async Task<JsonElement?> TryGetAsync(DemoUser user, string path, CancellationToken cancellationToken)
    {
        var (status, body) = await ExchangeAsync(user, HttpMethod.Get, path, null, cancellationToken);
        return status == HttpStatusCode.NotFound ? null : Success(status, body, HttpMethod.Get, path);
    }

    /// <summary>A request whose refusal is part of the story (e.g. BANT incomplete): answers the problem details of the expected status.</summary>
    public async Task<JsonElement> ExpectRefusalAsync(DemoUser user, string path, object body, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        var (status, text) = await ExchangeAsync(user, HttpMethod.Post, path, body, cancellationToken);
        return status == expected
            ? Parse(text)
            : throw new InvalidOperationException($"POST {path} as {user.Role} answered {(int)status}, the demo expected {(int)expected}: {text}");
    }

    private async Task<JsonElement> SendAsync(DemoUser user, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var (status, text) = await ExchangeAsync(user, method, path, body, cancellationToken);
        return Success(status, text, method, path, user);
    }

    private static JsonElement Success(HttpStatusCode status, string text, HttpMethod method, string path, DemoUser? user = null) =>
        (int)status is >= 200 and < 300
            ? Parse(text)
            : throw new InvalidOperationException($"{method} {path}{(user is null ? "" : " as " + user.Role)} answered {(int)status}: {text}");

    private static JsonElement Parse(string text) =>
        string.IsNullOrWhiteSpace(text) ? default : JsonDocument.Parse(text).RootElement.Clone();

    /// <summary>
    /// One exchange; a 429 (the gateway's per-user rate limit) is retried after the time it names, and a 422
    /// unknown_stakeholder after a moment: contracts-api learns of people through accounts-api's events, a little later.
    /// </summary>
    private async Task<(HttpStatusCode Status, string Body)> ExchangeAsync(
        DemoUser user, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var token = await TokenAsync(user, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body, body.GetType(), options: Json);
            }

            Interlocked.Increment(ref requests);
            using var response = await gateway.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var projectionLag = response.StatusCode == HttpStatusCode.UnprocessableEntity && text.Contains("\"unknown_stakeholder\"", StringComparison.Ordinal);
            if ((response.StatusCode != HttpStatusCode.TooManyRequests && !projectionLag) || attempt == 20)
            {
                return (response.StatusCode, text);
            }

            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    private Task<string> TokenAsync(DemoUser user, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!tokens.TryGetValue(user, out var token))
            {
                tokens[user] = token = FetchTokenAsync(user, cancellationToken);
            }

            return token;
        }
    }

    private async Task<string> FetchTokenAsync(DemoUser user, CancellationToken cancellationToken)
    {
        if (provider is not null)
        {
            return await provider.TokenAsync(user, cancellationToken);
        }

        using var response = await gateway.PostAsJsonAsync("/api/dev/token", user.TokenRequest, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode
            ? Parse(text).GetProperty("accessToken").GetString()!
            : throw new InvalidOperationException($"POST /api/dev/token for {user.Name} answered {(int)response.StatusCode}: {text} (are dev tokens on?)");
    }

    // ---- eventual consistency ----------------------------------------------------------------------------------

    /// <summary>
    /// Polls until <paramref name="probe"/> finds what another service should have made of an event, or fails after
    /// <see cref="EventTimeout"/> naming what never arrived.
    /// </summary>
    public async Task<JsonElement> WaitForAsync(string what, Func<CancellationToken, Task<JsonElement?>> probe, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe(cancellationToken) is { } found)
            {
                return found;
            }

            if (clock.Elapsed > EventTimeout)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"Demo seed: waited {EventTimeout.TotalSeconds:0} s for {what}, which never arrived. Is the consuming service running and the broker up?"));
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    public Task WaitUntilAsync(string what, Func<CancellationToken, Task<bool>> condition, CancellationToken cancellationToken) =>
        WaitForAsync(what, async ct => await condition(ct) ? default(JsonElement) : null, cancellationToken);

    /// <summary>The first item of a list answer (`{items: [...]}`) that matches, or null.</summary>
    public async Task<JsonElement?> FindInListAsync(DemoUser user, string path, Func<JsonElement, bool> match, CancellationToken cancellationToken)
    {
        var page = await GetAsync(user, path, cancellationToken);
        foreach (var item in page.GetProperty("items").EnumerateArray())
        {
            if (match(item))
            {
                return item;
            }
        }

        return null;
    }
}
