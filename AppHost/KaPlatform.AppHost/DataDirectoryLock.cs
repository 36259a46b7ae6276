using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace KaPlatform.AppHost;

/// <summary>
/// One AppHost per data directory: two would fight over one PostgreSQL cluster and one RabbitMQ node. An exclusive
/// lock (flock under FileShare.None) rather than a PID file alone, because the kernel drops it when the process dies,
/// however it dies, so a crash never leaves the directory locked.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "apphost.lock";

    private readonly FileStream stream;

    private DataDirectoryLock(FileStream stream) => this.stream = stream;

    /// <summary>The lock, or null and the PID written by whoever holds it.</summary>
    public static DataDirectoryLock? TryAcquire(string dataDirectory, out string holder)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            stream.Write(Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n"));
            stream.Flush(flushToDisk: true);
            holder = "";
            return new DataDirectoryLock(stream);
        }
        catch (IOException)
        {
            holder = ReadHolder(path);
            return null;
        }
    }

    /// <summary>Empties the data directory, all but the lock file itself, which must stay held while we delete.</summary>
    public void Clear(string dataDirectory)
    {
        foreach (var entry in new DirectoryInfo(dataDirectory).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo directory)
            {
                directory.Delete(recursive: true);
            }
            else if (entry.Name != FileName)
            {
                entry.Delete();
            }
        }
    }

    /// <summary>The file stays (deleting it would let a late opener lock an unlinked file); only its PID goes.</summary>
    public void Dispose()
    {
        stream.SetLength(0);
        stream.Dispose();
    }

    /// <summary>
    /// Every FileStream .NET opens takes a shared flock, which the holder's exclusive one refuses; so the PID is read
    /// through a descriptor from libc's open, which takes no lock.
    /// </summary>
    private static string ReadHolder(string path)
    {
        var descriptor = open(Encoding.UTF8.GetBytes(path + "\0"), 0 /* O_RDONLY */);
        if (descriptor < 0)
        {
            return "unknown";
        }

        using var reader = new StreamReader(new FileStream(new SafeFileHandle(descriptor, ownsHandle: true), FileAccess.Read));
        var pid = reader.ReadToEnd().Trim();
        return pid.Length > 0 ? pid : "unknown";
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open(byte[] path, int flags);
}
