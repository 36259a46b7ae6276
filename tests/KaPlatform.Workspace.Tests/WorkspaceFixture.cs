using KaPlatform.DemoData;
using KaPlatform.Testing;
using Microsoft.Playwright;

namespace KaPlatform.Workspace.Tests;

/// <summary>
/// The whole platform started by the AppHost (as in the end-to-end tests), seeded with the same demo data README's
/// first command creates, and one headless Debian chromium driven by Playwright. Each test opens its own browser context,
/// so sessions never leak between tests.
/// </summary>
public sealed class WorkspaceFixture : PlatformFixture
{
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Ids of the demo data by key, as the seed returned them.</summary>
    public IReadOnlyDictionary<string, Guid> Demo { get; private set; } = new Dictionary<string, Guid>();

    public string BaseUrl => Gateway.BaseAddress!.ToString().TrimEnd('/');

    /// <summary>The sign-in picker lists the demo users, exactly as the AppHost hands them to the gateway.</summary>
    protected override IReadOnlyDictionary<string, string> PlatformEnvironment { get; } = DemoUsersEnvironment.For(DemoUser.All);

    /// <summary>Browser tests read no telemetry: one process fewer.</summary>
    protected override bool WithDashboard => false;

    protected override async Task OnStartedAsync()
    {
        // Generous: on a shared two-core machine with other builds running the seed alone has taken over three minutes.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        Demo = await DemoSeed.CreateAsync(Gateway, timeout.Token);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(Chromium.LaunchOptions());
    }

    /// <summary>A fresh browser context (no cookies, no storage) on the sign-in page.</summary>
    public async Task<WorkspacePage> OpenAsync(string locale = "zh-CN")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            Locale = locale,
            TimezoneId = "Asia/Shanghai",
        });
        var page = await WorkspacePage.OpenAsync(context, BaseUrl, LogPath);
        return page;
    }

    /// <summary>
    /// A fresh browser context at a given screen size; below 600 px wide it is a phone (touch, mobile viewport rules),
    /// as the responsive layout tests need.
    /// </summary>
    public async Task<WorkspacePage> OpenAtAsync(int width, int height, string locale = "zh-CN")
    {
        var phone = width < 600;
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            IsMobile = phone,
            HasTouch = phone,
            Locale = locale,
            TimezoneId = "Asia/Shanghai",
        });
        return await WorkspacePage.OpenAsync(context, BaseUrl, LogPath);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        await base.DisposeAsync();
    }
}
