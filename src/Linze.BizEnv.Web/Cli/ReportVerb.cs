using System.Globalization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Documents;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Cli;

/// <summary>
/// <c>report notice|monthly|leader</c>: the 公文 of ADR-0022 written to a file, as on the web pages: a 督办通知单 issued
/// (numbered, recorded and sent to the unit), the 月度工作进展通报 of a month, a 责任领导's brief; with <c>--pdf</c> the PDF
/// beside the .docx when LibreOffice is installed.
/// </summary>
internal static class ReportVerb
{
    public const string Usage = """
        用法：report notice --problem <指标序号-问题序号> <文件.docx> [--reply-by yyyy-MM-dd] [--pdf]
              report monthly <文件.docx> [--month yyyy-MM] [--pdf]
              report leader <姓名> <文件.docx> [--pdf]
        """;

    /// <summary>Who a notice issued from the command line is recorded as issued by.</summary>
    public const string CommandLineIssuer = "县营商办（命令行）";

    public static async Task<int> RunAsync(IServiceProvider sp, string[] args, TextWriter output, TextWriter error)
    {
        var pdf = args.Contains("--pdf");
        var rest = args.Where(a => a != "--pdf").ToArray();
        // The file's folder is checked first: a notice issued whose file cannot be written would be issued again on a retry.
        var target = rest.LastOrDefault(a => a.EndsWith(".docx", StringComparison.OrdinalIgnoreCase));
        if (rest.Length > 1 && target is null)
        {
            await error.WriteLineAsync("请给出以 .docx 结尾的文件名。" + Environment.NewLine + Usage);
            return 2;
        }

        if (target is not null && Path.GetDirectoryName(Path.GetFullPath(target)) is { } folder && !Directory.Exists(folder))
        {
            await error.WriteLineAsync($"文件夹不存在：{folder}。请先创建，或换一个路径；未生成任何文件，未印发通知单。");
            return 1;
        }

        await sp.GetRequiredService<DatabaseInitialiser>().InitialiseAsync();
        switch (rest)
        {
            case ["notice", .. var options] when CommandLine.SplitOptions(options, "--problem", "--reply-by") is ({ } named, [var file]) && named.ContainsKey("--problem"):
                return await NoticeAsync(sp, named["--problem"], named.GetValueOrDefault("--reply-by"), file, pdf, output, error);
            case ["monthly", .. var options] when CommandLine.SplitOptions(options, "--month") is ({ } named, [var file]):
                return await MonthlyAsync(sp, named.GetValueOrDefault("--month"), file, pdf, output, error);
            case ["leader", var name, var file] when !name.StartsWith('-') && !file.StartsWith('-'):
                return await LeaderAsync(sp, name, file, pdf, output, error);
            default:
                await error.WriteLineAsync(Usage);
                return 2;
        }
    }

    private static async Task<int> NoticeAsync(IServiceProvider sp, string label, string? replyByText, string file, bool pdf, TextWriter output, TextWriter error)
    {
        var parts = label.Split('-');
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var number) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var ordinal))
        {
            await error.WriteLineAsync($"问题编号“{label}”无法识别，请写成 指标序号-问题序号，例如 1-2。");
            return 2;
        }

        DateOnly? replyBy = null;
        if (replyByText is not null)
        {
            if (!DateOnly.TryParseExact(replyByText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                await error.WriteLineAsync($"回复期限“{replyByText}”无法识别，请写成 yyyy-MM-dd，例如 2026-12-04。");
                return 2;
            }

            replyBy = parsed;
        }

        var db = sp.GetRequiredService<BizEnvDbContext>();
        var listId = await sp.GetRequiredService<ListStore>().FindActiveListIdAsync();
        var problemId = await db.Problems.Where(p => p.Indicator.ListId == listId && p.Indicator.Number == number && p.Ordinal == ordinal)
            .Select(p => (int?)p.Id).SingleOrDefaultAsync();
        if (problemId is null)
        {
            await error.WriteLineAsync($"当前清单中没有问题 {label}（第 {number} 项指标的第 {ordinal} 个问题）。");
            return 1;
        }

        try
        {
            var notice = await sp.GetRequiredService<NoticeIssuer>().IssueForProblemAsync(problemId.Value, replyBy, new Writer("", CommandLineIssuer, null));
            var path = await WriteAsync(file, notice.Content);
            await output.WriteLineAsync($"已印发督办通知单 {notice.DocumentNumber}（{notice.Problems.Count} 个问题，回复期限 {ChinaTime.FormatDate(notice.ReplyBy)}），已通知责任单位，文件：{path}");
            return await PdfAsync(sp, notice.Content, path, pdf, output, error);
        }
        catch (RefusedException ex)
        {
            await error.WriteLineAsync($"未印发：{ex.Message}");
            return 1;
        }
    }

    private static async Task<int> MonthlyAsync(IServiceProvider sp, string? monthText, string file, bool pdf, TextWriter output, TextWriter error)
    {
        var bulletins = sp.GetRequiredService<Features.Reports.BulletinQuery>();
        if (await bulletins.MonthsAsync() is not { } months)
        {
            await error.WriteLineAsync("数据库中没有可通报的清单。");
            return 1;
        }

        if (!Features.Reports.BulletinQuery.TryMonth(monthText, months, out var month, out var refusal))
        {
            await error.WriteLineAsync($"月份“{monthText}”不可用：{refusal}");
            return 2;
        }

        var (content, facts) = (await bulletins.MonthlyAsync(month))!.Value;
        var path = await WriteAsync(file, content);
        await output.WriteLineAsync($"已生成{BulletinDocument.MonthlyTitle(facts.Month)}（截至 {ChinaTime.FormatDate(facts.AsOf)}，{facts.Indicators.Count} 项指标，逾期 {facts.Now.Overdue} 个），文件：{path}");
        return await PdfAsync(sp, content, path, pdf, output, error);
    }

    private static async Task<int> LeaderAsync(IServiceProvider sp, string name, string file, bool pdf, TextWriter output, TextWriter error)
    {
        var leader = await sp.GetRequiredService<BizEnvDbContext>().Leaders.Where(l => l.Name == name.Trim()).Select(l => new { l.Id, l.Name }).FirstOrDefaultAsync();
        if (leader is null)
        {
            await error.WriteLineAsync($"找不到责任领导：{name}");
            return 1;
        }

        if (await sp.GetRequiredService<Features.Reports.BulletinQuery>().BriefAsync(leader.Id, leader.Name) is not var (content, facts))
        {
            await error.WriteLineAsync("数据库中没有当前清单。");
            return 1;
        }

        var path = await WriteAsync(file, content);
        await output.WriteLineAsync($"已生成{leader.Name}的领导简报（{facts.Indicators.Count} 项指标，逾期 {facts.Now.Overdue} 个），文件：{path}");
        return await PdfAsync(sp, content, path, pdf, output, error);
    }

    /// <summary>With <c>--pdf</c>, the PDF beside <paramref name="docxPath"/>; 1 (the .docx written) when it cannot be made.</summary>
    private static async Task<int> PdfAsync(IServiceProvider sp, byte[] docx, string docxPath, bool pdf, TextWriter output, TextWriter error)
    {
        if (!pdf)
        {
            return 0;
        }

        try
        {
            var path = await WriteAsync(Path.ChangeExtension(docxPath, ".pdf"), await sp.GetRequiredService<PdfConverter>().ConvertAsync(docx));
            await output.WriteLineAsync($"PDF：{path}");
            return 0;
        }
        catch (PdfUnavailableException ex)
        {
            await error.WriteLineAsync($"Word 文档已生成，PDF 未生成：{ex.Message}");
            return 1;
        }
    }

    private static Task<string> WriteAsync(string file, byte[] content) => ExportVerb.WriteAtomicallyAsync(file, stream => stream.Write(content));
}
