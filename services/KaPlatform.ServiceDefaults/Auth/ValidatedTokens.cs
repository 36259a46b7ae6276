using System.Collections.Concurrent;
using System.Security.Claims;

namespace KaPlatform.ServiceDefaults.Auth;

/// <summary>
/// The principal of each token this process has already validated, reused until the token expires or
/// <see cref="MaxAge"/> passes, whichever is first. A client sends the same bearer token on every request for its
/// lifetime, and the gateway and then the service each parsed, signature-checked and normalised it again every time
/// (issue 18: ~8 % of a service's CPU per request; docs/benchmarks/2026-12-02.md §9). Only tokens that passed every
/// check get here; a refused token is checked again on its next use. The cap on age bounds how long a token signed
/// with a key the provider has since withdrawn from its JWKS stays accepted; and a re-read of the provider's keys
/// (<paramref name="keyGeneration"/> going up) ends every entry at once, so a retired key's tokens are refused as soon as
/// the platform has seen the new key set.
/// </summary>
public sealed class ValidatedTokens(TimeProvider time, Func<long>? keyGeneration = null)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    /// <summary>Distinct live tokens held at most; past it the expired ones go, and if that is not enough, all of them.</summary>
    public const int Capacity = 20_000;

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public int Count => entries.Count;

    public bool TryGet(string token, out ClaimsPrincipal principal)
    {
        if (entries.TryGetValue(token, out var entry))
        {
            if (entry.Until > time.GetUtcNow() && entry.KeyGeneration == KeyGeneration)
            {
                principal = entry.Principal;
                return true;
            }

            entries.TryRemove(KeyValuePair.Create(token, entry));
        }

        principal = null!;
        return false;
    }

    public void Add(string token, ClaimsPrincipal principal, DateTime validTo)
    {
        var now = time.GetUtcNow();
        var until = new DateTimeOffset(DateTime.SpecifyKind(validTo, DateTimeKind.Utc));
        if (until > now + MaxAge)
        {
            until = now + MaxAge;
        }

        if (until <= now)
        {
            return;
        }

        if (entries.Count >= Capacity)
        {
            Evict(now);
        }

        entries[token] = new Entry(principal, until, KeyGeneration);
    }

    private void Evict(DateTimeOffset now)
    {
        foreach (var (token, entry) in entries)
        {
            if (entry.Until <= now)
            {
                entries.TryRemove(KeyValuePair.Create(token, entry));
            }
        }

        if (entries.Count >= Capacity)
        {
            entries.Clear();
        }
    }

    private long KeyGeneration => keyGeneration?.Invoke() ?? 0;

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset Until, long KeyGeneration);
}
