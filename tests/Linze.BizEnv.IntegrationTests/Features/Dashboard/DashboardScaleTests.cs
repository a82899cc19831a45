using System.Data.Common;
using System.Net;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Linze.BizEnv.IntegrationTests.Features.Dashboard;

/// <summary>A portal that counts every SQL command its DbContexts send.</summary>
public sealed class CountingPortal : BizEnvFactory
{
    public CommandCounter Commands { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => AddDbInterceptors(services, Commands));
    }

    public sealed class CommandCounter : DbCommandInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Interlocked.Increment(ref _count);
            return base.ReaderExecuting(command, eventData, result);
        }
    }
}

public sealed class DashboardScaleTests : IDisposable
{
    private readonly CountingPortal _portal = new();

    public void Dispose() => _portal.Dispose();

    private async Task<int> CommandsForOneDashboardAsync(WebSession session, string url)
    {
        var before = _portal.Commands.Count;
        using var response = await session.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return _portal.Commands.Count - before;
    }

    /// <summary>Any saved change writes an audit line, which is the data version the dashboard cache is keyed on.</summary>
    private Task ChangeSomethingAsync() => _portal.WithDbAsync(db =>
    {
        db.Units.Add(new Unit { Name = "版本测试单位" + Guid.NewGuid().ToString("N")[..8] });
        return db.SaveChangesAsync();
    });

    [Fact]
    public async Task OneDashboardRequestIssuesTheSameNumberOfSqlCommandsWhateverTheSizeOfTheData()
    {
        await DashboardDataset.ApplyAsync(_portal);
        var unit = await DashboardDataset.UnitOfAsync(_portal, 1);
        var session = await _portal.SignInAsync(await _portal.CreateUserAsync(Roles.Unit, unit.Name));
        var filtered = $"/?unit={unit.Id}&light=Red";
        await session.GetAsync("/"); // warms up whatever is done once per session

        async Task<(int Computed, int Reused, int Filtered)> MeasureAsync()
        {
            await ChangeSomethingAsync();
            var computed = await CommandsForOneDashboardAsync(session, "/");
            var reused = await CommandsForOneDashboardAsync(session, "/");
            var filteredComputed = await CommandsForOneDashboardAsync(session, filtered);
            return (computed, reused, filteredComputed);
        }

        var small = await MeasureAsync();
        var added = await GrowAsync();
        var large = await MeasureAsync();

        Assert.True(added.Problems >= 600 && added.Entries >= 6000, "the data really grew");
        Assert.Equal(small, large);
        Assert.InRange(large.Computed, 2, 16); // the dashboard's queries (two of them for 对标达标), the session's, the menu's badges and bell
        Assert.Equal(large.Computed, large.Filtered);
        // Unchanged data and the same day: the dashboard is reused after one query for the data's version.
        Assert.Equal(large.Computed - 9, large.Reused);
        var page = new HtmlPage(HttpStatusCode.OK, await session.GetHtmlAsync("/"));
        Assert.Equal((DashboardDataset.Problems + added.Problems).ToString(System.Globalization.CultureInfo.InvariantCulture), HtmlPage.Text(page.Section("figure-problems", "</div>")));
    }

    [Fact]
    public async Task TheNextDayTheFiguresMoveOnWithoutAnyChangeToTheData()
    {
        await DashboardDataset.ApplyAsync(_portal);
        var viewer = await _portal.CreateUserAsync(Roles.Viewer);
        var today = await HtmlPage.GetAsync((await _portal.SignInAsync(viewer)).Client, "/");
        Assert.EndsWith("逾期 3 天", today.Items("overdue-list", "</ol>")[0], StringComparison.Ordinal);

        _portal.Clock.Advance(TimeSpan.FromDays(1));
        var tomorrow = await HtmlPage.GetAsync((await _portal.SignInAsync(viewer)).Client, "/");
        Assert.EndsWith("逾期 4 天", tomorrow.Items("overdue-list", "</ol>")[0], StringComparison.Ordinal);
        // 1-2 was due in 2 days: now in 1.
        Assert.EndsWith("1 天后到期", tomorrow.Items("due-soon-list", "</ol>")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewProgressEntryShowsOnTheNextLoad()
    {
        await DashboardDataset.ApplyAsync(_portal);
        var unit = await DashboardDataset.UnitOfAsync(_portal, 2);
        var problemId = await DashboardDataset.ProblemIdAsync(_portal, 14, 1);
        await _portal.WithDbAsync(async db =>
        {
            var problem = await db.Problems.SingleAsync(p => p.Id == problemId);
            problem.HandTo(await db.Units.SingleAsync(u => u.Id == unit.Id));
            return await db.SaveChangesAsync();
        });
        var viewer = await _portal.ViewerClientAsync();
        var before = await HtmlPage.GetAsync(viewer, "/");
        Assert.Equal("从未报送", before.Rows("unit-scoreboard").Single(r => r[1].StartsWith(unit.Name, StringComparison.Ordinal))[6]);
        Assert.Equal("1", HtmlPage.Text(before.Section("figure-in-progress", "</div>")));

        var session = await _portal.SignInAsync(await _portal.CreateUserAsync(Roles.Unit, unit.Name));
        using var posted = await session.PostFormAsync($"/problems/{problemId}", $"/problems/{problemId}/entries",
            new() { ["Text"] = "已完成招标文件范本修订。", ["PercentComplete"] = "50" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        var after = await HtmlPage.GetAsync(viewer, "/");
        var row = after.Rows("unit-scoreboard").Single(r => r[1].StartsWith(unit.Name, StringComparison.Ordinal));
        Assert.Equal("今天", row[6]);
        Assert.DoesNotContain("未报送", row[1], StringComparison.Ordinal);
        Assert.Equal("2", HtmlPage.Text(after.Section("figure-in-progress", "</div>")));
        Assert.Contains("平均完成", after.Rows("dashboard-indicators")[13][3], StringComparison.Ordinal);
        Assert.Equal(ThisWeeksEntries(before) + 1, ThisWeeksEntries(after));
    }

    private static int ThisWeeksEntries(HtmlPage page)
    {
        using var data = System.Text.Json.JsonDocument.Parse(page.Attribute("dashboard-data", "data-charts"));
        return data.RootElement.GetProperty("trend").EnumerateArray().Last().GetProperty("entries").GetInt32();
    }

    /// <summary>Adds 30 units, 640 problems on the working list and 6,400 progress entries, plus a second, archived list.</summary>
    private Task<(int Problems, int Entries)> GrowAsync() => _portal.WithDbAsync(async db =>
    {
        var now = _portal.Clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(_portal.Clock);
        var units = Enumerable.Range(1, 30).Select(i => new Unit { Name = $"扩容测试单位{i}" }).ToList();
        db.Units.AddRange(units);
        await db.SaveChangesAsync();
        var indicators = await db.Indicators.OrderBy(i => i.Number).ToListAsync();
        var problems = new List<Problem>();
        for (var i = 0; i < 640; i++)
        {
            var problem = Problem.Create(100 + i, $"扩容测试问题{i}");
            problem.IndicatorId = indicators[i % indicators.Count].Id;
            problem.HandTo(units[i % units.Count]);
            problem.SetSchedule(today.AddDays((i % 90) - 30), today.AddDays(-60), units[i % units.Count].Id);
            if (i % 3 == 0)
            {
                problem.RecordProgress(i % 100, "grow", now.AddDays(-(i % 50)));
            }

            problems.Add(problem);
        }

        db.Problems.AddRange(problems);
        await db.SaveChangesAsync();
        db.ProgressEntries.AddRange(Enumerable.Range(0, 6400).Select(i => new ProgressEntry
        {
            IndicatorId = problems[i % problems.Count].IndicatorId,
            ProblemId = problems[i % problems.Count].Id,
            UnitId = problems[i % problems.Count].ResponsibleUnitId,
            AuthorId = "grow",
            AuthorName = "grow",
            Date = today.AddDays(-(i % 120)),
            Text = "扩容测试进展",
            CreatedAtUtc = now.AddDays(-(i % 120)),
        }));
        // 对标: a hundred more metrics with two years of readings and corrections, which the dashboard's section reads.
        var metrics = Enumerable.Range(0, 100).Select(i => new Linze.BizEnv.Web.Domain.Benchmarking.BenchmarkMetric
        {
            IndicatorId = indicators[i % indicators.Count].Id, Name = $"扩容测试指标项{i}", Words = "扩容测试", BestValue = 10, Unit = "天",
            Direction = Linze.BizEnv.Web.Domain.Benchmarking.MetricDirection.LowerIsBetter, SortOrder = 100 + i,
        }).ToList();
        db.BenchmarkMetrics.AddRange(metrics);
        await db.SaveChangesAsync();
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        db.MetricReadings.AddRange(Enumerable.Range(0, 3000).Select(i => new Linze.BizEnv.Web.Domain.Benchmarking.MetricReading
        {
            MetricId = metrics[i % metrics.Count].Id, Period = thisMonth.AddMonths(-(i / metrics.Count % 24)), Value = 5 + (i % 17),
            Source = "扩容测试", RecordedByName = "grow", RecordedAtUtc = now.AddMinutes(-i),
        }));
        var archived = new ResponsibilityList { Title = "扩容测试旧清单", Year = 2020, IsArchived = true };
        archived.Indicators.Add(new Indicator { Number = 1, Name = "开办企业" });
        db.Lists.Add(archived);
        await db.SaveChangesAsync();
        return (problems.Count, 6400);
    });
}
