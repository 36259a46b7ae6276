using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Opportunities.Api.Common;

/// <summary>The actor recorded in the audit trail for changes made by a consumed event, not by a person.</summary>
internal static class SystemCaller
{
    public static Caller For(string source) => new(Guid.Empty, source, new HashSet<string>(), null);
}
