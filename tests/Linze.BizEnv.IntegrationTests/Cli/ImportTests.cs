using System.Text.Json;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.UnitTests.Excel;
using Linze.BizEnv.Web.Cli;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Benchmarking;
using Linze.BizEnv.Web.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linze.BizEnv.IntegrationTests.Cli;

public sealed partial class ImportTests : IDisposable
{
    private static readonly ListDocument Seed = SeedFile.ReadAsync(RepoPaths.SeedList).GetAwaiter().GetResult();
    private readonly string _dir = Directory.CreateTempSubdirectory("bizenv-import-").FullName;

    private string Write(ListDocument list, string name = "清单.xlsx")
    {
        var path = Path.Combine(_dir, name);
        using var file = File.Create(path);
        OriginalListExporter.Write(list, file);
        return path;
    }

    private static async Task<(int Exit, string Out, string Error)> RunAsync(BizEnvFactory portal, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(portal.Services, args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static Task<ListDocument> ReadBackAsync(BizEnvFactory portal) => portal.WithDbAsync(async db =>
    {
        var store = new ListStore(db);
        return (await store.ReadAsync((await store.FindActiveListIdAsync())!.Value))!;
    });

    private static string Json(ListDocument list) => LayoutJson.Of(list);

    [Fact]
    public async Task TheSeedExportedAndImportedIntoAnEmptyDatabaseIsTheSameList()
    {
        using var empty = new BizEnvFactory(null, loadDefaultList: false);

        var (exit, output, _) = await RunAsync(empty, "import", Write(Seed));

        Assert.Equal(0, exit);
        Assert.Contains("新建清单《临泽县优化营商环境对标提升责任清单》：18 项指标、44 个问题", output, StringComparison.Ordinal);
        Assert.Equal(Json(Seed), Json(await ReadBackAsync(empty)));
        Assert.Equal((5, 27), await empty.WithDbAsync(async db => (await db.Leaders.CountAsync(), await db.Units.CountAsync())));
    }

    [Fact]
    public async Task SuggestedMetricsAreListedAndStoredOnlyWithAcceptMetrics()
    {
        using var empty = new BizEnvFactory(null, loadDefaultList: false);
        var file = Write(Seed);

        var (dryExit, dryRun, _) = await RunAsync(empty, "import", file, "--dry-run");
        var (exit, output, _) = await RunAsync(empty, "import", file, "--accept-metrics");

        Assert.Equal((0, 0), (dryExit, exit));
        Assert.Contains("  对标建议：指标 1“开办企业”：环节 2 个（越低越好，原文“2个环节”）", dryRun, StringComparison.Ordinal);
        Assert.Contains("--accept-metrics", dryRun, StringComparison.Ordinal);
        var expected = Seed.Indicators.SelectMany(i => MetricSuggestions.From(i.ProvinceBest, i.Name).Select(m => (i.Number, m.Name, m.Value!.Value, m.Unit ?? ""))).ToList();
        Assert.True(expected.Count > 40);
        Assert.Contains($"对标指标项 {expected.Count} 项", output, StringComparison.Ordinal);
        var stored = await empty.WithDbAsync(db => db.BenchmarkMetrics.OrderBy(m => m.Indicator.Number).ThenBy(m => m.SortOrder)
            .Select(m => new { m.Indicator.Number, m.Name, m.BestValue, m.Unit }).ToListAsync());
        Assert.Equal(expected, stored.Select(m => (m.Number, m.Name, m.BestValue, m.Unit)));
    }

    [Fact]
    public async Task ImportingTheSameFileTwiceChangesNothing()
    {
        using var portal = new BizEnvFactory();
        var file = Write(Seed);
        var auditBefore = await portal.WithDbAsync(db => db.AuditEntries.CountAsync());
        var versionsBefore = await portal.WithDbAsync(db => db.Problems.OrderBy(p => p.Id).Select(p => p.Version).ToListAsync());

        var first = await RunAsync(portal, "import", file);
        var second = await RunAsync(portal, "import", file);

        Assert.Contains("完全一致，没有任何改动", first.Out, StringComparison.Ordinal);
        Assert.Contains("完全一致，没有任何改动", second.Out, StringComparison.Ordinal);
        Assert.Equal(auditBefore, await portal.WithDbAsync(db => db.AuditEntries.CountAsync()));
        Assert.Equal(versionsBefore, await portal.WithDbAsync(db => db.Problems.OrderBy(p => p.Id).Select(p => p.Version).ToListAsync()));
    }

    [Fact]
    public async Task ACorrectedListUpdatesInPlaceKeepingProgressAndArchivingWhatHasHistory()
    {
        using var portal = new BizEnvFactory();
        var (first, withHistory, withoutHistory) = await portal.WithDbAsync(async db => (
            await db.Problems.SingleAsync(p => p.Indicator.Number == 1 && p.Ordinal == 1),
            await db.Problems.SingleAsync(p => p.Indicator.Number == 3 && p.Ordinal == 5),
            await db.Problems.SingleAsync(p => p.Indicator.Number == 2 && p.Ordinal == 2)));
        await portal.ProgressWithEvidenceAsync(first.Id);
        await portal.ProgressWithEvidenceAsync(withHistory.Id);
        var corrected = Seed with
        {
            Indicators =
            [
                .. Seed.Indicators.Select(i => i.Number switch
                {
                    1 => i with { Problems = ["企业开办刻章费用为110-280元不等，未实现免费刻章，需纳入财政保障。", .. i.Problems.Skip(1)] },
                    2 => i with { Problems = [.. i.Problems.Take(1)] },
                    3 => i with { Problems = [.. i.Problems.Take(4)] },
                    _ => i,
                }),
                new IndicatorDocument(19, "数字政府", "全程网办", "周延年", ["数据共享不足。"], ["县政务服务中心"], [], []),
            ],
        };

        var (exit, output, _) = await RunAsync(portal, "import", Write(corrected));

        Assert.Equal(0, exit);
        Assert.Contains($"  指标 1“开办企业”：\n    保留：问题 2、问题 3、问题 4\n    改写：问题 1：“{Seed.Indicators[0].Problems[0]}” → “企业开办刻章费用为110-280元不等，未实现免费刻章，需纳入财政保障。”", output, StringComparison.Ordinal);
        Assert.Contains("新增：指标 19“数字政府”（1 个问题）", output, StringComparison.Ordinal);
        var kept = await portal.WithDbAsync(db => db.Problems.SingleAsync(p => p.Id == first.Id));
        Assert.Equal("企业开办刻章费用为110-280元不等，未实现免费刻章，需纳入财政保障。", kept.Text);
        Assert.Equal(Linze.BizEnv.Web.Domain.Rectification.ProblemStatus.InProgress, kept.Status);
        Assert.True(await portal.WithDbAsync(db => db.ProgressEntries.AnyAsync(e => e.ProblemId == first.Id)));
        var archived = await portal.WithDbAsync(db => db.Problems.IgnoreQueryFilters().SingleAsync(p => p.Id == withHistory.Id));
        Assert.True(archived.IsArchived);
        Assert.True(await portal.WithDbAsync(db => db.ProgressEntries.AnyAsync(e => e.ProblemId == withHistory.Id)));
        Assert.False(await portal.WithDbAsync(db => db.Problems.IgnoreQueryFilters().AnyAsync(p => p.Id == withoutHistory.Id)));
        Assert.Equal(4, await portal.WithDbAsync(db => db.Problems.CountAsync(p => p.Indicator.Number == 3)));
        Assert.True(await portal.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == nameof(Problem) && a.EntityKey == first.Id.ToString() && a.Changes!.Contains("需纳入财政保障"))));

        var again = await RunAsync(portal, "import", Write(corrected, "再次.xlsx"));
        Assert.Contains("完全一致，没有任何改动", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProblemWithOnlyAnInstructionOrMeasuresIsArchivedNotDeleted()
    {
        using var portal = new BizEnvFactory();
        var (instructed, measured) = await portal.WithDbAsync(async db => (
            await db.Problems.SingleAsync(p => p.Indicator.Number == 13 && p.Ordinal == 4),
            await db.Problems.SingleAsync(p => p.Indicator.Number == 14 && p.Ordinal == 6)));
        await portal.WithWorkflowAsync(async workflow =>
        {
            await workflow.AddInstructionAsync(instructed.IndicatorId, instructed.Id, "请抓紧规范合同公告。", new Linze.BizEnv.Web.Workflow.Writer("x", "县领导", null));
            var problem = (await workflow.FindProblemAsync(measured.Id))!;
            await workflow.EditMeasuresAsync(problem, problem.Version, "升级交易档案系统。");
            return true;
        });
        var shorter = Seed with { Indicators = [.. Seed.Indicators.Select(i => i.Number is 13 or 14 ? i with { Problems = [.. i.Problems.SkipLast(1)] } : i)] };

        var (exit, output, _) = await RunAsync(portal, "import", Write(shorter));

        Assert.Equal(0, exit);
        Assert.Matches("  指标 13“政府采购”：\n.*\n    归档：原问题 4“[^”]+”（有整改记录，归档保留）", output);
        Assert.Matches("  指标 14“招标投标”：\n.*\n    归档：原问题 6“[^”]+”（有整改记录，归档保留）", output);
        Assert.True(await portal.WithDbAsync(db => db.Problems.IgnoreQueryFilters().Where(p => p.Id == instructed.Id || p.Id == measured.Id).AllAsync(p => p.IsArchived)));
    }

    [Fact]
    public async Task ADryRunSaysWhatWouldChangeAndWritesNothing()
    {
        using var portal = new BizEnvFactory();
        var corrected = Seed with { Indicators = [.. Seed.Indicators.Select(i => i.Number == 6 ? i with { Name = "纳税服务" } : i)] };

        var (exit, output, _) = await RunAsync(portal, "import", Write(corrected), "--dry-run");

        Assert.Equal(0, exit);
        Assert.Contains("试导入（未写入）", output, StringComparison.Ordinal);
        Assert.Contains("  指标 6“纳税服务”：\n    修改：指标名称：“纳税” → “纳税服务”", output, StringComparison.Ordinal);
        Assert.Equal("纳税", await portal.WithDbAsync(db => db.Indicators.Where(i => i.Number == 6).Select(i => i.Name).SingleAsync()));
    }

    [Fact]
    public async Task ARefusedFileExitsNonZeroWithTheCellAndWritesNothing()
    {
        using var portal = new BizEnvFactory(null, loadDefaultList: false);
        var broken = Seed with { Indicators = [.. Seed.Indicators, Seed.Indicators[0]] };

        var (exit, _, error) = await RunAsync(portal, "import", Write(broken));

        Assert.Equal(1, exit);
        Assert.StartsWith("未导入：责任清单!A21：序号 1 重复。", error, StringComparison.Ordinal);
        Assert.Equal(0, await portal.WithDbAsync(db => db.Lists.CountAsync()));
    }

    [Theory]
    [InlineData("footer-dated-february-30")] // refused by the importer's own reading
    [InlineData("merged-range-beyond-the-sheet")] // EPPlus fails to read the sheet
    [InlineData("entry-hidden-from-the-central-directory")] // refused by the zip guard
    public async Task ACraftedFileIsRefusedInChineseWithoutAStackTraceAndChangesNothing(string kind)
    {
        using var portal = new BizEnvFactory();
        var path = Path.Combine(_dir, $"{kind}.xlsx");
        await File.WriteAllBytesAsync(path, CraftedWorkbooks.Crafted(kind));
        var before = await SnapshotAsync(portal);

        var (exit, output, error) = await RunAsync(portal, "import", path);

        Assert.Equal(1, exit);
        Assert.Matches(@"^未导入：[^\n]*\p{IsCJKUnifiedIdeographs}[^\n]*\n?$", error);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output + error, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(portal));
    }

    /// <summary>Every list as a document, plus the rows an import may add elsewhere (units, leaders, audit lines).</summary>
    private static Task<string> SnapshotAsync(BizEnvFactory portal) => portal.WithDbAsync(async db =>
    {
        var store = new ListStore(db);
        var lists = new List<ListDocument?>();
        foreach (var id in await db.Lists.OrderBy(l => l.Id).Select(l => l.Id).ToListAsync())
        {
            lists.Add(await store.ReadAsync(id));
        }

        return JsonSerializer.Serialize(new { lists, units = await db.Units.CountAsync(), leaders = await db.Leaders.CountAsync(), audit = await db.AuditEntries.CountAsync() });
    });

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
