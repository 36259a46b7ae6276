namespace KaPlatform.AppHost;

/// <summary>Distinct codes so scripts can tell a typo from a busy data directory from a broken platform.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Startup failed (all started so far is stopped again), or stopping was not clean.</summary>
    public const int Failed = 1;
    public const int BadArguments = 2;
    public const int AlreadyRunning = 3;
}
