using System.Globalization;
using System.Net;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Data.Auditing;
using Linze.BizEnv.Web.Data.Backup;
using Linze.BizEnv.Web.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linze.BizEnv.IntegrationTests.Reliability;

/// <summary>
/// Two portals on one database, as behind a load balancer (ADR-0020): each with its own key folder (empty) and the
/// evidence folder of the first, as a shared mount would be. On PostgreSQL in its pass of scripts/test.sh, and on one
/// SQLite file (two processes on one machine) in the other.
/// </summary>
public sealed class SeveralInstancesTests : IDisposable
{
    private readonly BizEnvFactory _a = new();
    private readonly SecondInstance _b;

    public SeveralInstancesTests()
    {
        _ = _a.CreateClient();
        _b = new SecondInstance(_a);
        _ = _b.CreateClient();
    }

    public void Dispose()
    {
        _b.Dispose();
        _a.Dispose();
    }

    /// <summary>Another instance on the first one's database and evidence folder, with a key folder of its own.</summary>
    private sealed class SecondInstance(BizEnvFactory first) : BizEnvFactory(first.Database)
    {
        public string OwnKeys { get; } = Path.Combine(Path.GetTempPath(), $"bizenv-keys-{Guid.NewGuid():N}");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Evidence:Path", first.EvidenceDirectory);
            builder.UseSetting("DataProtection:KeysPath", OwnKeys);
        }
    }

    /// <summary>One browser whose requests a load balancer sends to either instance: one cookie jar, one address.</summary>
    private static WebSession Browser(BizEnvFactory instance, CookieContainer cookies, string address)
    {
        var session = new WebSession(instance.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies)));
        session.Client.DefaultRequestHeaders.Remove("X-Forwarded-For");
        session.Client.DefaultRequestHeaders.TryAddWithoutValidation("X-Forwarded-For", address);
        return session;
    }

    [Fact]
    public async Task ASignInOnOneInstanceIsHonouredByTheOther()
    {
        var user = await _a.CreateUserAsync(Roles.Viewer);
        var cookies = new CookieContainer();
        var login = await Browser(_a, cookies, "127.0.9.1").LoginAsync(user, BizEnvFactory.UserPassword);
        Assert.DoesNotContain("/account/login", login.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);

        using var onB = await Browser(_b, cookies, "127.0.9.1").GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, onB.StatusCode);
        Assert.Contains(user, await onB.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProgressRecordedOnOneInstanceShowsOnTheOthersDashboardAndItsEvidenceOpensThere()
    {
        var viewer = await _a.ViewerClientAsync();
        var id = await _a.NewProblemAsync();
        // A's dashboard is computed (and cached) before the write on B.
        var before = Figure(await HtmlPage.GetAsync(viewer, "/"), "in-progress");

        await _b.ProgressWithEvidenceAsync(id);

        Assert.Equal(int.Parse(before, CultureInfo.InvariantCulture) + 1, int.Parse(Figure(await HtmlPage.GetAsync(viewer, "/"), "in-progress"), CultureInfo.InvariantCulture));
        var evidenceId = await _a.WithDbAsync(db => db.Evidence.Where(e => e.ProgressEntry.ProblemId == id).Select(e => e.Id).SingleAsync());
        using var file = await viewer.GetAsync(new Uri($"/evidence/{evidenceId}/file", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(Scenario.Pdf, await file.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task TheDailyAuditPurgeDueOnBothInstancesRunsOnce()
    {
        // Both started today and one of them purged (its start-up run may still be going: wait for it, or it would
        // purge the entries below itself); tomorrow's purge falls due on both at the same moment.
        await JobRuns.DoneTodayAsync(_a, AuditRetentionService.Job);
        _a.Clock.Advance(TimeSpan.FromDays(1));
        _b.Clock.Advance(TimeSpan.FromDays(1));
        var longAgo = _a.Clock.GetUtcNow().UtcDateTime.AddDays(-400);
        await _a.WithDbAsync(async db =>
        {
            db.AuditEntries.AddRange(Enumerable.Range(0, 3).Select(i => new AuditEntry { AtUtc = longAgo, Action = AuditAction.Login, UserName = $"old-{i}" }));
            return await db.SaveChangesAsync();
        });

        var runs = await Task.WhenAll(
            _a.Services.GetRequiredService<AuditRetentionService>().RunDueAsync(),
            _b.Services.GetRequiredService<AuditRetentionService>().RunDueAsync());

        Assert.Single(runs, r => r is not null);
        Assert.Equal(3, runs.Single(r => r is not null));
        Assert.False(await _a.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.AtUtc == longAgo)));
    }

    private static string Figure(HtmlPage page, string id) => HtmlPage.Text(page.Section("figure-" + id, "</div>"));
}

/// <summary>Two SQLite instances on one machine, each archiving into its own folder: one archive a day between them.</summary>
public sealed class SeveralInstancesBackupTests
{
    [SqliteOnlyFact("the portal archives only SQLite databases; a server database is backed up with its own tools")]
    public async Task TheDailyBackupDueOnBothInstancesIsTakenOnce()
    {
        var work = Path.Combine(Path.GetTempPath(), $"bizenv-two-backups-{Guid.NewGuid():N}");
        var (folderA, folderB) = (Path.Combine(work, "a"), Path.Combine(work, "b"));
        try
        {
            using var a = new BackingUpInstance(folderA);
            _ = a.CreateClient();
            using var b = new BackingUpInstance(folderB, a.Database);
            _ = b.CreateClient();
            var schedulers = new[] { a, b }.Select(p => p.Services.GetRequiredService<BackupScheduler>()).ToList();

            // Today's archive was taken at start by one of them; tomorrow's falls due on both at the same moment.
            await JobRuns.DoneTodayAsync(a, BackupScheduler.Job);
            var today = ChinaTime.Today(a.Clock);
            a.Clock.Advance(TimeSpan.FromDays(1));
            b.Clock.Advance(TimeSpan.FromDays(1));
            var taken = await Task.WhenAll(schedulers.Select(s => s.RunDueAsync()));

            Assert.Single(taken, t => t is not null);
            var archives = new[] { folderA, folderB }.SelectMany(f => Directory.Exists(f) ? Directory.GetFiles(f) : []).Select(Path.GetFileName).ToList();
            Assert.Single(archives, f => f == $"{BackupScheduler.FilePrefix}{today:yyyyMMdd}.zip");
            Assert.Single(archives, f => f == $"{BackupScheduler.FilePrefix}{today.AddDays(1):yyyyMMdd}.zip");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    private sealed class BackingUpInstance : BizEnvFactory
    {
        private readonly string _folder;

        public BackingUpInstance(string folder, string? database = null)
            : base(database)
        {
            _folder = folder;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Backup:Path", _folder);
            builder.UseSetting("Backup:At", "00:00");
        }
    }
}
