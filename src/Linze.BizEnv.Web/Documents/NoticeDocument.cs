using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;

namespace Linze.BizEnv.Web.Documents;

/// <summary>The 督办通知单 as a document: the template's wording around a table of the problems it presses.</summary>
public static class NoticeDocument
{
    public sealed record Facts(
        string IssuingOffice, string DocumentNumber, string UnitName, string ListTitle, DateOnly ReplyBy, DateOnly IssuedOn, IReadOnlyList<NoticeProblem> Problems);

    public static byte[] Write(byte[]? template, Facts facts)
    {
        var fill = new DocumentFill();
        fill.Text["发文机关"] = facts.IssuingOffice;
        fill.Text["落款单位"] = facts.IssuingOffice;
        fill.Text["成文日期"] = DocumentParts.ChineseDate(facts.IssuedOn);
        fill.Text["清单名称"] = facts.ListTitle;
        fill.Text["发文字号"] = facts.DocumentNumber;
        fill.Text["主送单位"] = facts.UnitName;
        fill.Text["问题数"] = facts.Problems.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        fill.Text["回复期限"] = DocumentParts.ChineseDate(facts.ReplyBy);
        fill.Blocks["问题表"] = [DocumentParts.Table(
            [new("序号", 36, true), new("问题", 184), new("整改时限", 72, true), new("进度", 40, true), new("逾期", 50, true), new("督办等级", 60, true)],
            facts.Problems.Select((p, i) => (IReadOnlyList<string>)[
                $"{i + 1}",
                $"{p.IndicatorName}（{p.Label}）：{p.Text}",
                p.DueDate is { } due ? ChinaTime.FormatDate(due) : "未定",
                $"{p.PercentComplete}%",
                p.OverdueDays is { } days ? $"{days}天" : "未逾期",
                p.Level?.ToChinese() ?? "进展滞后",
            ]))];
        return DocumentTemplates.Render(TemplateKind.Notice, template, fill, $"督办通知单 {facts.DocumentNumber}");
    }
}
