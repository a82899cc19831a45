using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Linze.BizEnv.BrowserTests;

/// <summary>
/// The portal on a real Kestrel server on a loopback port, and Debian's Chromium driven by Playwright.
/// Chromium is never downloaded: set CHROMIUM_PATH to use another binary than /usr/bin/chromium.
/// </summary>
public sealed class BrowserPortal : IAsyncLifetime
{
    private readonly BizEnvFactory _factory = new();
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The portal behind the browser, for arranging data.</summary>
    public BizEnvFactory Factory => _factory;

    /// <summary>Creates an account in the portal (see <see cref="BizEnvFactory.CreateUserAsync"/>).</summary>
    public Task<string> CreateUserAsync(string role, string? unitName = null) => _factory.CreateUserAsync(role, unitName);

    public async Task InitializeAsync()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            // Chromium as root needs --no-sandbox; the rest stop it calling out of this closed network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser tab at the given viewport, in Chinese, that records failed requests and console errors.</summary>
    public async Task<BrowserTab> OpenAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            Locale = "zh-CN",
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var page = await context.NewPageAsync();
        return new BrowserTab(context, page, BaseAddress);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await _factory.DisposeAsync();
    }
}

/// <summary>A page plus what it did: requests to other hosts and console errors, which a user on an intranet would suffer.</summary>
public sealed class BrowserTab : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    public BrowserTab(IBrowserContext context, IPage page, Uri portal)
    {
        _context = context;
        Page = page;
        page.Request += (_, request) =>
        {
            var uri = new Uri(request.Url);
            if (uri.Scheme is "http" or "https" && uri.Authority != portal.Authority)
            {
                ForeignRequests.Add(request.Url);
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                ConsoleErrors.Add(message.Text + " @ " + message.Location);
            }
        };
        page.PageError += (_, error) => ConsoleErrors.Add(error);
        // Destructive actions ask first (data-confirm); a person would press OK.
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
    }

    public IPage Page { get; }

    public List<string> ForeignRequests { get; } = [];

    public List<string> ConsoleErrors { get; } = [];

    /// <summary>Fails with every console error in full (CSP violations show up here).</summary>
    public void AssertNoConsoleErrors() => Assert.True(ConsoleErrors.Count == 0, string.Join(Environment.NewLine, ConsoleErrors));

    /// <summary>Signs in through the login page, as a person would.</summary>
    public async Task LoginAsync(string userName, string password = BizEnvFactory.UserPassword)
    {
        await Page.GotoAsync("/account/login");
        await Page.GetByLabel("用户名").FillAsync(userName);
        await Page.GetByLabel("密码").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
    }

    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.Artifacts("screenshots"), name + ".png"), FullPage = true });

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserPortal>
{
    public const string Name = "Browser";
}
