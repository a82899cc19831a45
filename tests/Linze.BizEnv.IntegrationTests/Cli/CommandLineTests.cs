using Microsoft.EntityFrameworkCore;
using Linze.BizEnv.Web.Cli;
using MiniExcelLibs;

namespace Linze.BizEnv.IntegrationTests.Cli;

public class CommandLineTests : IDisposable
{
    private readonly BizEnvFactory _portal = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("bizenv-cli-").FullName;

    private async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(_portal.Services, args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [SqliteOnlyFact("the backup and restore verbs copy a SQLite file; on PostgreSQL they point to pg_dump (next test)")]
    public async Task BackupWritesAnArchiveAndRestoreRefusesADatabaseThatHoldsDataInChinese()
    {
        var archive = Path.Combine(_dir, "备份.zip");
        var (exit, output, _) = await RunAsync("backup", archive);
        Assert.Equal(0, exit);
        Assert.Contains("已备份到", output, StringComparison.Ordinal);
        Assert.True(File.Exists(archive));

        var (refusedExit, _, error) = await RunAsync("restore", archive);
        Assert.Equal(1, refusedExit);
        Assert.Contains("已有数据", error, StringComparison.Ordinal);

        var (damagedExit, _, damaged) = await RunAsync("restore", Path.Combine(_dir, "不存在.zip"));
        Assert.Equal(1, damagedExit);
        Assert.Contains("找不到备份文件", damaged, StringComparison.Ordinal);
    }

    [PostgreSqlOnlyFact("SQLite databases are backed up by the verb itself (previous test)")]
    public async Task BackupAndRestoreOnPostgreSqlSayInChineseToUsePgDumpAndWriteNothing()
    {
        var archive = Path.Combine(_dir, "备份.zip");

        var (exit, _, error) = await RunAsync("backup", archive);
        var (restoreExit, _, restoreError) = await RunAsync("restore", archive);

        Assert.Equal((2, 2), (exit, restoreExit));
        Assert.Contains("pg_dump", error, StringComparison.Ordinal);
        Assert.Contains("pg_restore", restoreError, StringComparison.Ordinal);
        Assert.False(File.Exists(archive));
    }

    [Fact]
    public async Task ReportVerbsWriteTheNoticeTheBulletinAndABriefAndRefuseBadArgumentsInChinese()
    {
        var notice = Path.Combine(_dir, "督办通知单.docx");
        // A green problem gets no 公文: first, 1-1 is past its deadline.
        var (green, _, refusal) = await RunAsync("report", "notice", "--problem", "1-1", notice);
        Assert.Equal(1, green);
        Assert.Contains("无需印发督办通知单", refusal, StringComparison.Ordinal);
        Assert.False(File.Exists(notice));
        await _portal.WithDbAsync(async db =>
        {
            var problem = await db.Problems.Include(p => p.Indicator).ThenInclude(i => i.Units).SingleAsync(p => p.Indicator.Number == 1 && p.Ordinal == 1);
            var today = Linze.BizEnv.Web.Domain.ChinaTime.Today(_portal.Clock);
            problem.SetSchedule(today.AddDays(-10), today.AddDays(-100), problem.ResponsibleUnitId);
            return await db.SaveChangesAsync();
        });
        var (exit, output, _) = await RunAsync("report", "notice", "--problem", "1-1", notice);
        Assert.Equal(0, exit);
        Assert.Contains($"已印发督办通知单 临营商督〔{Linze.BizEnv.Web.Domain.ChinaTime.Today(_portal.Clock).Year}〕1号", output, StringComparison.Ordinal);
        Assert.Contains("临营商督", Features.Documents.NoticeTests.Text(await File.ReadAllBytesAsync(notice)), StringComparison.Ordinal);
        var issued = await _portal.WithDbAsync(db => db.SupervisionNotices.Include(n => n.Problems).SingleAsync());
        Assert.Equal(ReportVerb.CommandLineIssuer, issued.IssuedByName);
        Assert.Equal(await _portal.WithDbAsync(db => db.Problems.Where(p => p.Indicator.Number == 1 && p.Ordinal == 1).Select(p => p.Id).SingleAsync()), issued.Problems.Single().ProblemId);

        var monthly = Path.Combine(_dir, "通报.docx");
        (exit, output, _) = await RunAsync("report", "monthly", monthly);
        Assert.Equal(0, exit);
        Assert.Contains("工作进展通报", Features.Documents.NoticeTests.Text(await File.ReadAllBytesAsync(monthly)), StringComparison.Ordinal);

        var leader = await _portal.WithDbAsync(db => db.Leaders.OrderBy(l => l.Id).Select(l => l.Name).FirstAsync());
        var brief = Path.Combine(_dir, "简报.docx");
        (exit, _, _) = await RunAsync("report", "leader", leader, brief);
        Assert.Equal(0, exit);
        Assert.Contains($"{leader}同志分管", Features.Documents.NoticeTests.Text(await File.ReadAllBytesAsync(brief)), StringComparison.Ordinal);

        foreach (var (args, code, says) in new[]
        {
            (new[] { "report", "notice", "--problem", "99-1", notice }, 1, "当前清单中没有问题 99-1"),
            (["report", "notice", "--problem", "一-1", notice], 2, "无法识别"),
            (["report", "monthly", monthly, "--month", "2019-13"], 2, "不可用"),
            (["report", "leader", "没有此人", brief], 1, "找不到责任领导"),
            (["report", "weekly", brief], 2, "用法"),
            (["report", "notice", "--problem", "1-2", Path.Combine(_dir, "不存在", "督办.docx")], 1, "文件夹不存在"),
            (["report", "notice", "--problem", "1-2", Path.Combine(_dir, "督办.txt")], 2, "以 .docx 结尾"),
        })
        {
            var (refusedExit, _, error) = await RunAsync(args);
            Assert.Equal(code, refusedExit);
            Assert.Contains(says, error, StringComparison.Ordinal);
        }

        Assert.Equal(1, await _portal.WithDbAsync(db => db.SupervisionNotices.CountAsync()));
    }

    [Fact]
    public async Task ExportOriginalOnAFreshDatabaseMatchesTheIssuedDocumentIndicatorByIndicator()
    {
        var file = Path.Combine(_dir, "清单.xlsx");
        var (exit, output, _) = await RunAsync("export", "original", file);

        Assert.Equal(0, exit);
        Assert.Contains("18 项指标", output, StringComparison.Ordinal);
        var rows = MiniExcel.Query(file, useHeaderRow: false).Cast<IDictionary<string, object?>>()
            .Select(r => r.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToList())
            .ToList();
        var header = rows.FindIndex(r => r.Take(6).SequenceEqual(["序号", "指标", "全省最佳表现", "存在问题", "责任领导", "责任单位"]));
        Assert.True(header >= 0, "header row 序号 | 指标 | 全省最佳表现 | 存在问题 | 责任领导 | 责任单位 not found");
        var data = rows.Skip(header + 1).TakeWhile(r => r[0].Length > 0).ToList();
        Assert.Equal(SourceDocument.Indicators.Count, data.Count);
        foreach (var (source, row) in SourceDocument.Indicators.Zip(data))
        {
            Assert.Equal(source.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), row[0]);
            Assert.Equal(source.Name, row[1]);
            Assert.Equal(source.ProvinceBest, row[2]);
            Assert.Equal(source.Problems.Select((p, i) => $"{i + 1}.{p}"), row[3].Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(source.Leader, row[4]);
            var units = row[5].Split('\n').ToDictionary(l => l.Split('：')[0], l => l.Split('：')[1].Split('、'));
            Assert.Equal(source.Lead, units["组长单位"]);
            Assert.Equal(source.Deputy, units["副组长单位"]);
            Assert.Equal(source.Member, units.GetValueOrDefault("成员单位") ?? []);
        }
    }

    [Fact]
    public async Task ExportIntoAMissingFolderFailsWithAClearMessage()
    {
        var (exit, _, error) = await RunAsync("export", "original", Path.Combine(_dir, "没有这个目录", "x.xlsx"));
        Assert.NotEqual(0, exit);
        Assert.StartsWith("命令执行失败：", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateOnAnUpToDateDatabaseSaysSo()
    {
        _ = _portal.CreateClient();
        var (exit, output, _) = await RunAsync("migrate");
        Assert.Equal(0, exit);
        Assert.Contains("数据库已是最新结构", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserAddLinksALeaderAccountToItsLeaderAndRefusesUnknownNames()
    {
        var (exit, output, _) = await RunAsync("user", "add", "zhouyn", "--role", "Leader", "--leader", "周延年", "--name", "周延年");
        Assert.Equal(0, exit);
        Assert.Contains("一次性密码", output, StringComparison.Ordinal);
        var leader = await _portal.WithDbAsync(db => db.Users.Where(u => u.UserName == "zhouyn").Select(u => u.Leader!.Name).SingleAsync());
        Assert.Equal("周延年", leader);

        var (badLeader, _, leaderError) = await RunAsync("user", "add", "nobody", "--role", "Leader", "--leader", "不存在的领导");
        Assert.Equal(1, badLeader);
        Assert.Contains("找不到责任领导：不存在的领导", leaderError, StringComparison.Ordinal);
        var (badUnit, _, unitError) = await RunAsync("user", "add", "nobody", "--role", "Unit", "--unit", "不存在的单位");
        Assert.Equal(1, badUnit);
        Assert.Contains("找不到单位：不存在的单位", unitError, StringComparison.Ordinal);
        Assert.False(await _portal.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == "nobody")));
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("export", "ledger")]
    [InlineData("export", "original")]
    public async Task UnknownOrIncompleteVerbsExitNonZeroWithUsage(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);
        Assert.Equal(2, exit);
        Assert.Contains("无法识别的命令", error, StringComparison.Ordinal);
        Assert.Contains("export original", error, StringComparison.Ordinal);
    }

    [Fact]
    public void HostOptionsAreNotTakenForVerbs()
    {
        Assert.False(CommandLine.IsVerb(["--urls", "http://127.0.0.1:5000"]));
        Assert.False(CommandLine.IsVerb([]));
        Assert.True(CommandLine.IsVerb(["migrate"]));
    }

    public void Dispose()
    {
        _portal.Dispose();
        Directory.Delete(_dir, recursive: true);
        GC.SuppressFinalize(this);
    }
}
