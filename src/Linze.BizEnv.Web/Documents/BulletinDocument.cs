using System.Globalization;
using DocumentFormat.OpenXml;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;

namespace Linze.BizEnv.Web.Documents;

/// <summary>The 月度工作进展通报 and a 责任领导's one-page brief, from <see cref="BulletinFacts"/> and their templates.</summary>
public static class BulletinDocument
{
    /// <summary>The 通报 names up to this many overdue problems of each 督办 level, then how many more there are.</summary>
    public const int OverduePerLevel = 50;

    /// <summary>A brief fits one page: this many overdue problems (most overdue first) and metrics furthest behind.</summary>
    public const int BriefOverdue = 6;

    public const int BriefMetrics = 4;

    /// <summary>The 通报 lists this many 对标 metrics furthest behind.</summary>
    public const int MonthlyMetrics = 10;

    /// <summary>A problem's text in the brief's table is cut to this many characters: one line of its column, so the page holds.</summary>
    public const int BriefTextLength = 16;

    public static string MonthlyTitle(DateOnly month) => $"全县优化营商环境对标提升工作进展通报（{month.Year}年{month.Month}月）";

    public static string BriefTitle(string leader, DateOnly asOf) => $"营商环境工作简报（{leader}，截至{DocumentParts.ChineseDate(asOf)}）";

    public static byte[] Monthly(byte[]? template, BulletinFacts facts, string issuingOffice, DateOnly today)
    {
        var fill = Common(facts, issuingOffice, today);
        fill.Text["通报期号"] = $"{facts.Month.Year}年第{facts.Month.Month}期";
        fill.Text["通报月份"] = $"{facts.Month.Year}年{facts.Month.Month}月";
        var now = facts.Now;
        fill.Text["总体情况"] =
            $"截至{DocumentParts.ChineseDate(facts.AsOf)}，清单共有问题{now.Problems}个，已销号{now.Closed}个，销号率{now.ClosedPercent}%，较上月末{Change(now.Closed - facts.Before.Closed)}；"
            + $"本月销号{facts.ClosedInMonth}个，各单位报送整改进展{facts.EntriesInMonth}条；逾期未销号{now.Overdue}个，较上月末{Change(now.Overdue - facts.Before.Overdue)}。"
            + Benchmark(facts);
        fill.Blocks["指标进展表"] = [DocumentParts.Table(
            [new("序号", 36, true), new("指标", 98), new("责任领导", 60, true), new("问题", 36, true), new("已销号", 48, true), new("本月销号", 60, true), new("逾期", 36, true), new("本月进展", 60, true)],
            facts.Indicators.Select(i => Row($"{i.Number}", i.Name, i.Leader ?? "—", N(i.Problems), N(i.Closed), N(i.ClosedInMonth), N(i.Overdue), $"{i.EntriesInMonth}条")))];
        var red = facts.Units.Where(u => u.Standing == ScoreboardStanding.Red).ToList();
        fill.Blocks["红榜"] = red.Count == 0 ? [DocumentParts.Body("本月没有单位进入红榜。")] : [DocumentParts.Table(
            [new("全县名次", 60, true), new("单位", 180), new("问题", 48, true), new("已销号", 60, true), new("按期销号率", 84, true)],
            red.Select(u => Row($"{u.Rank}", u.Name, N(u.Problems), N(u.Closed), ScoreboardRules.Describe(u.OnTimePercent))))];
        var black = facts.Units.Where(u => u.Standing == ScoreboardStanding.Black).ToList();
        fill.Blocks["黑榜"] = black.Count == 0 ? [DocumentParts.Body("本月没有单位进入黑榜。")] : [DocumentParts.Table(
            [new("全县名次", 60, true), new("单位", 150), new("问题", 36, true), new("逾期", 36, true), new("按期销号率", 72, true), new("原因", 88)],
            black.Select(u => Row($"{u.Rank}", u.Name, N(u.Problems), N(u.Overdue), ScoreboardRules.Describe(u.OnTimePercent), Why(u))))];
        fill.Blocks["逾期问题"] = OverdueByLevel(facts.Overdue);
        fill.Blocks["对标差距"] = Metrics(facts, MonthlyMetrics);
        return DocumentTemplates.Render(TemplateKind.Monthly, template, fill, MonthlyTitle(facts.Month));
    }

    public static byte[] Brief(byte[]? template, BulletinFacts facts, string leader, string issuingOffice, DateOnly today)
    {
        var fill = Common(facts, issuingOffice, today);
        fill.Text["领导姓名"] = leader;
        var now = facts.Now;
        fill.Text["总体情况"] = facts.Indicators.Count == 0
            ? $"{leader}同志在当前清单中没有分管的指标。"
            : $"{leader}同志分管{facts.Indicators.Count}项指标，共有问题{now.Problems}个，已销号{now.Closed}个（{now.ClosedPercent}%），本月销号{facts.ClosedInMonth}个，"
              + $"报送整改进展{facts.EntriesInMonth}条；逾期未销号{now.Overdue}个，较上月末{Change(now.Overdue - facts.Before.Overdue)}。" + Benchmark(facts);
        fill.Blocks["指标表"] = [DocumentParts.Table(
            [new("序号", 36, true), new("指标", 158), new("问题", 36, true), new("已销号", 48, true), new("本月销号", 60, true), new("逾期", 36, true), new("本月进展", 60, true)],
            facts.Indicators.Select(i => Row($"{i.Number}", i.Name, N(i.Problems), N(i.Closed), N(i.ClosedInMonth), N(i.Overdue), $"{i.EntriesInMonth}条")))];
        var overdue = facts.Overdue.Take(BriefOverdue).ToList();
        var more = facts.Overdue.Count - overdue.Count;
        fill.Blocks["逾期问题"] = facts.Overdue.Count == 0 ? [DocumentParts.Body("分管指标没有逾期未销号的问题。")] :
        [
            DocumentParts.Table(
                [new("问题", 240), new("责任单位", 102), new("逾期", 40, true), new("督办等级", 60, true)],
                overdue.Select(o => Row($"{o.Label} {Cut(o.Text, BriefTextLength)}", o.Unit ?? "—", $"{o.OverdueDays}天", o.Level.ToChinese()))),
            .. more > 0 ? [DocumentParts.Body($"另有{more}个逾期问题，详见整改台账。")] : Array.Empty<OpenXmlElement>(),
        ];
        fill.Blocks["对标差距"] = Metrics(facts, BriefMetrics);
        return DocumentTemplates.Render(TemplateKind.LeaderBrief, template, fill, BriefTitle(leader, facts.AsOf));
    }

    private static DocumentFill Common(BulletinFacts facts, string issuingOffice, DateOnly today)
    {
        var fill = new DocumentFill();
        fill.Text["发文机关"] = issuingOffice;
        fill.Text["落款单位"] = issuingOffice;
        fill.Text["成文日期"] = DocumentParts.ChineseDate(today);
        fill.Text["清单名称"] = facts.ListTitle;
        fill.Text["截至日期"] = DocumentParts.ChineseDate(facts.AsOf);
        return fill;
    }

    /// <summary>The overdue problems under one heading per 督办 level, the most pressing level first.</summary>
    private static List<OpenXmlElement> OverdueByLevel(IReadOnlyList<BulletinOverdue> overdue)
    {
        if (overdue.Count == 0)
        {
            return [DocumentParts.Body("截至本月末没有逾期未销号的问题。")];
        }

        var elements = new List<OpenXmlElement>();
        foreach (var level in overdue.GroupBy(o => o.Level).OrderByDescending(g => g.Key))
        {
            var shown = level.Take(OverduePerLevel).ToList();
            elements.Add(DocumentParts.Lead($"{level.Key.ToChinese()}{level.Count()}个" + (level.Count() > shown.Count ? $"（列出逾期最久的{shown.Count}个，其余详见整改台账）：" : "：")));
            elements.Add(DocumentParts.Table(
                [new("问题", 240), new("责任单位", 90), new("整改时限", 72, true), new("逾期", 40, true)],
                shown.Select(o => Row($"{o.Label} {o.IndicatorName}：{o.Text}", o.Unit ?? "—", ChinaTime.FormatDate(o.DueDate), $"{o.OverdueDays}天"))));
        }

        return elements;
    }

    private static List<OpenXmlElement> Metrics(BulletinFacts facts, int rows) =>
        facts.Metrics == 0 ? [DocumentParts.Body("尚未设置对标指标项。")]
        : facts.MetricsReported == 0 ? [DocumentParts.Body($"{facts.Metrics}个对标指标项均未填报本县现值，无法对比差距。请各组长单位按月填报。")]
        : facts.Behind.Count == 0 ? [DocumentParts.Body($"已填报本县现值的{facts.MetricsReported}个对标指标项均已达到全省最佳表现"
            + (facts.MetricsReported < facts.Metrics ? $"，另有{facts.Metrics - facts.MetricsReported}个尚未填报。" : "。"))]
        : [DocumentParts.Table(
            [new("指标", 90), new("对标指标项", 130), new("全省最佳", 74, true), new("本县现值", 74, true), new("差距", 74, true)],
            facts.Behind.Take(rows).Select(m => Row(m.IndicatorName, m.Name, m.BestText, m.CurrentText ?? "未填报", m.GapText ?? "—")))];

    private static string Benchmark(BulletinFacts facts) =>
        facts.Metrics == 0 ? "" : $"对标指标项{facts.Metrics}个，已填报本县现值{facts.MetricsReported}个，其中达到全省最佳表现{facts.MetricsReached}个。";

    private static string Why(BulletinUnit u) =>
        string.Join("；", new[] { u.Overdue > 0 ? $"逾期{u.Overdue}个" : null, u.IsStale ? "超期未报送进展" : null }.OfType<string>());

    /// <summary>How a figure moved since the end of last month: 增加3个, 减少1个, 持平.</summary>
    public static string Change(int delta) => delta > 0 ? $"增加{delta}个" : delta < 0 ? $"减少{-delta}个" : "持平";

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static IReadOnlyList<string> Row(params string[] cells) => cells;
}
