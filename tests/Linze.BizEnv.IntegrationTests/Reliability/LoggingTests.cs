using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Linze.BizEnv.IntegrationTests.Reliability;

/// <summary>The log as an operator reads it after a user quotes an error: one line per failure, found by its reference.</summary>
public sealed class LoggingTests
{
    /// <summary>A portal with an address that fails, as a bug would, and a log file of its own when asked.</summary>
    private sealed class FailingPortal(string? logFile = null) : BizEnvFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            if (logFile is not null)
            {
                builder.UseSetting("Logging:File:Path", logFile);
            }

            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new FailingEndpoint()));
        }

        private sealed class FailingEndpoint : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                next(app);
                app.Map("/test-failure", failing => failing.Run(_ => throw new InvalidOperationException("测试用的故障")));
            };
        }
    }

    [Fact]
    public async Task AFailureIsLoggedOnceAndItsPageShowsTheReferenceThatFindsIt()
    {
        using var portal = new FailingPortal();
        var session = await portal.SignInAsync(await portal.CreateUserAsync(Linze.BizEnv.Web.Domain.Roles.Viewer));
        portal.LogEvents.Clear();

        using var response = await session.GetAsync("/test-failure");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var page = new HtmlPage(response.StatusCode, await response.Content.ReadAsStringAsync());
        var reference = HtmlPage.Text(page.Section("error-reference", "</p>")).Split('：')[^1].Trim();
        Assert.NotEmpty(reference);
        var failures = portal.LogEvents.Snapshot().Where(e => e.Exception?.Message == "测试用的故障").ToList();
        var failure = Assert.Single(failures);
        Assert.Equal(reference, failure.Properties["RequestId"]);
        Assert.NotEqual("-", failure.Properties["UserName"]);
    }

    [Fact]
    public async Task AFailureDuringAPostShowsTheChineseErrorPageNotRequestInvalid()
    {
        using var portal = new FailingPortal();
        var session = await portal.SignInAsync(await portal.CreateUserAsync(Linze.BizEnv.Web.Domain.Roles.Viewer));

        // The error page is re-executed as a POST; it must not ask for an antiforgery token of its own.
        using var response = await session.PostFormAsync("/", "/test-failure", new() { ["Text"] = "提交时出错" });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("系统出错了", new HtmlPage(response.StatusCode, await response.Content.ReadAsStringAsync()).H1);
    }

    [Fact]
    public async Task TwoProcessesWritingTheSameDailyFileLoseNoLines()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"bizenv-logs-{Guid.NewGuid():N}");
        var file = Path.Combine(folder, "bizenv-.log");
        try
        {
            using (var first = new FailingPortal(file))
            using (var second = new FailingPortal(file))
            {
                var writers = new[] { first, second }.Select((portal, n) => Task.Run(() =>
                {
                    var logger = portal.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LoggingTests");
                    for (var i = 0; i < 200; i++)
                    {
                        logger.LogWarning("line {Writer}-{Number} of the shared-file test", n, i);
                    }
                }));
                await Task.WhenAll(writers);
            }

            var lines = Directory.GetFiles(folder).SelectMany(File.ReadAllLines).Where(l => l.Contains("of the shared-file test", StringComparison.Ordinal)).ToList();
            Assert.Equal(400, lines.Count);
            Assert.Equal(400, lines.Distinct().Count());
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
