using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace KaPlatform.AppHost;

/// <summary>
/// The JWT signing key of one data directory: random on first run, then reused, so tokens handed out before a
/// restart still work after it. Readable by the owner only, like any key file.
/// </summary>
internal sealed record Secrets(string SigningKey)
{
    public const string FileName = "secrets.json";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Secrets LoadOrCreate(string dataDirectory)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The AppHost runs PostgreSQL and RabbitMQ from Debian's binaries: Linux only.");
        }

        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            var existing = JsonSerializer.Deserialize<Secrets>(File.ReadAllText(path), Json);
            if (existing is null || Encoding.UTF8.GetByteCount(existing.SigningKey ?? "") < 32)
            {
                throw new InvalidOperationException($"{path} holds no signing key of at least 32 bytes; fix it or delete it to get a new one.");
            }

            File.SetUnixFileMode(path, OwnerOnly);
            return existing;
        }

        var created = new Secrets(Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
        // Created with mode 600 from the start: a chmod afterwards would leave a moment in which others can read it.
        var temporary = path + ".tmp";
        File.Delete(temporary);
        using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnly }))
        {
            JsonSerializer.Serialize(stream, created, Json);
        }

        File.Move(temporary, path);
        return created;
    }
}
