using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace KaPlatform.Gateway.Hosting;

/// <summary>Bound from the "Gateway" section.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>32 MiB: room for evidence-chain attachments, small enough that one caller cannot tie up the gateway.</summary>
    [Range(1, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 32 * 1024 * 1024;

    [Required]
    [ValidateObjectMembers]
    public RateLimitOptions RateLimit { get; set; } = new();
}

public sealed class RateLimitOptions
{
    /// <summary>Sustained rate per caller.</summary>
    [Range(1, int.MaxValue)]
    public int PermitsPerSecond { get; set; } = 100;

    /// <summary>How many requests a caller may fire at once after being idle (a page load fans out).</summary>
    [Range(1, int.MaxValue)]
    public int Burst { get; set; } = 200;
}
