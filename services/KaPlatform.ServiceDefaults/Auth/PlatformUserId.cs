using System.Security.Cryptography;
using System.Text;

namespace KaPlatform.ServiceDefaults.Auth;

/// <summary>
/// docs/product.md §6: user ids are UUIDs inside the platform. A provider subject that is not one becomes
/// UUIDv5(<see cref="Namespace"/>, issuer + "|" + subject) (RFC 9562 §5.5), so every service derives the same id
/// without asking anyone, and the same person at two providers stays two people.
/// </summary>
public static class PlatformUserId
{
    /// <summary>The platform's UUIDv5 namespace. Never change it: every stored owner and team member depends on it.</summary>
    public static readonly Guid Namespace = Guid.Parse("6f1c2a7e-3b5d-4e8f-9a01-4b6c8d2e7f35");

    public static Guid From(string issuer, string subject) =>
        Guid.TryParse(subject, out var id) ? id : V5(Namespace, issuer + "|" + subject);

    public static Guid V5(Guid ns, string name)
    {
        Span<byte> input = stackalloc byte[16];
        ns.TryWriteBytes(input, bigEndian: true, out _);
        var hash = SHA1.HashData([.. input, .. Encoding.UTF8.GetBytes(name)]);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
