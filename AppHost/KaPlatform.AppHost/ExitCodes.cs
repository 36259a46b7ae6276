namespace KaPlatform.AppHost;

/// <summary>Distinct codes so scripts can tell a typo from a busy data directory from a broken platform.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int StartupFailed = 1;
    public const int BadArguments = 2;
    public const int AlreadyRunning = 3;
}
