using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Contracts.Api;

/// <summary>The audit trail's "who" for changes no person made: events consumed, the scheduler, the ERP.</summary>
public static class SystemCaller
{
    public static readonly Caller Instance = new(Guid.Empty, "contracts-api", new HashSet<string> { Roles.Admin }, null);
    public static readonly Caller Erp = new(Guid.Empty, "erp", new HashSet<string> { Roles.Finance }, null);
}
