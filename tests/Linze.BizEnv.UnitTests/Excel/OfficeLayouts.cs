using Linze.BizEnv.Web.Domain;
using OfficeOpenXml;

namespace Linze.BizEnv.UnitTests.Excel;

/// <summary>How an office numbers the problems in one cell.</summary>
public enum ProblemNumbering
{
    /// <summary>1.… 2.…</summary>
    Arabic,

    /// <summary>（一）… （二）…</summary>
    ChineseParenthesised,

    /// <summary>一是… 二是…, a line each.</summary>
    FirstSecond,

    /// <summary>一是…。二是…。 run together in one paragraph.</summary>
    FirstSecondInline,

    /// <summary>No numbers: only possible with one problem per row.</summary>
    None,
}

/// <summary>How an office writes the indicator's 序号.</summary>
public enum IndexStyle
{
    Arabic,

    /// <summary>一、 二、</summary>
    ChineseWithComma,

    /// <summary>一 二 三</summary>
    Chinese,
}

/// <summary>The ways a county office keeps the same list in Excel, each switched on separately.</summary>
public sealed record OfficeLayout
{
    /// <summary>One row per problem; the indicator's other cells merged vertically across its rows.</summary>
    public bool RowPerProblem { get; init; }

    public ProblemNumbering Numbering { get; init; } = ProblemNumbering.Arabic;

    /// <summary>责任单位 merged over 组长单位 | 副组长单位 | 成员单位, names only.</summary>
    public bool UnitSubColumns { get; init; }

    /// <summary>存在问题 merged over 问题序号 | 问题内容 (one problem per row).</summary>
    public bool ProblemSubColumns { get; init; }

    /// <summary>台账 columns after the list's: 整改措施, 整改时限, 完成情况, 备注.</summary>
    public bool LedgerColumns { get; init; }

    /// <summary>With <see cref="LedgerColumns"/>: the columns are filled in.</summary>
    public bool LedgerData { get; init; }

    /// <summary>Header cells typed with full-width spaces and line breaks, as WPS users space them.</summary>
    public bool SpacedHeaders { get; init; }

    /// <summary>The title merged across the table's columns.</summary>
    public bool MergedTitle { get; init; }

    /// <summary>The line above the title, e.g. 附件1; null for none.</summary>
    public string? Attachment { get; init; } = "附件";

    /// <summary>A 填报单位（盖章）/填报人/联系电话/填报日期 line between the title and the header.</summary>
    public bool FillerLine { get; init; }

    public IndexStyle Index { get; init; } = IndexStyle.Arabic;

    /// <summary>What an empty cell is written as: "", 无, /, —.</summary>
    public string Empty { get; init; } = "";

    /// <summary>A 说明 sheet before the table's sheet.</summary>
    public bool CoverSheet { get; init; }

    public const string FillerText = "填报单位（盖章）：临泽县营商办　　填报人：王五　　联系电话：0936-5521234　　填报日期：2022年6月24日";
}

/// <summary>Writes a list the ways offices keep it (<see cref="OfficeLayout"/>), for the importer's tests and the benchmark.</summary>
public static class OfficeLayouts
{
    private static readonly string[] ChineseDigits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

    public static byte[] Write(ListDocument list, OfficeLayout layout)
    {
        using var package = new ExcelPackage();
        if (layout.CoverSheet)
        {
            var cover = package.Workbook.Worksheets.Add("说明");
            cover.Cells["A1"].Value = "填表说明";
            cover.Cells["A2"].Value = "1. 请按责任清单逐项填写，不要改动表头。";
            cover.Cells["A3"].Value = "2. 责任单位按组长单位、副组长单位、成员单位分列。";
        }

        var sheet = package.Workbook.Worksheets.Add("责任清单");
        var columns = Columns(layout);
        var width = columns.Count;
        var row = 0;
        if (layout.Attachment is not null)
        {
            sheet.Cells[++row, 1].Value = layout.Attachment;
        }

        sheet.Cells[++row, 1].Value = list.Title;
        if (layout.MergedTitle)
        {
            sheet.Cells[row, 1, row, width].Merge = true;
        }

        if (layout.FillerLine)
        {
            sheet.Cells[++row, 1].Value = OfficeLayout.FillerText;
            sheet.Cells[row, 1, row, width].Merge = true;
        }

        row = WriteHeader(sheet, row + 1, columns, layout);
        foreach (var indicator in list.Indicators)
        {
            row = WriteIndicator(sheet, row + 1, columns, indicator, layout);
        }

        sheet.Cells[row + 2, 1].Value = $"{list.IssuingOffice} {list.IssueDate:yyyy年M月d日}印发";
        sheet.Cells[row + 2, 1, row + 2, width].Merge = true;
        return package.GetAsByteArray();
    }

    /// <summary>The columns, each as (top header, sub header or null).</summary>
    private static List<(string Top, string? Sub)> Columns(OfficeLayout layout)
    {
        var columns = new List<(string, string?)> { ("序号", null), ("指标", null), ("全省最佳表现", null) };
        columns.AddRange(layout.ProblemSubColumns ? [("存在问题", "问题序号"), ("存在问题", "问题内容")] : [("存在问题", null)]);
        columns.Add(("责任领导", null));
        columns.AddRange(layout.UnitSubColumns ? [("责任单位", "组长单位"), ("责任单位", "副组长单位"), ("责任单位", "成员单位")] : [("责任单位", null)]);
        if (layout.LedgerColumns)
        {
            columns.AddRange([("整改措施", null), ("整改时限", null), ("完成情况", null), ("备注", null)]);
        }

        return columns;
    }

    private static int WriteHeader(ExcelWorksheet sheet, int row, List<(string Top, string? Sub)> columns, OfficeLayout layout)
    {
        var twoLevels = columns.Any(c => c.Sub is not null);
        string Spaced(string text) => layout.SpacedHeaders ? text.Length > 3 ? text[..2] + "\n" + text[2..] : string.Join('\u3000', text.ToCharArray()) : text;
        for (var c = 0; c < columns.Count; c++)
        {
            var (top, sub) = columns[c];
            if (c > 0 && columns[c - 1].Top == top)
            {
                sheet.Cells[row + 1, c + 1].Value = Spaced(sub!);
                continue;
            }

            sheet.Cells[row, c + 1].Value = Spaced(top);
            var span = columns.Skip(c).TakeWhile(x => x.Top == top).Count();
            if (sub is not null)
            {
                sheet.Cells[row, c + 1, row, c + span].Merge = true;
                sheet.Cells[row + 1, c + 1].Value = Spaced(sub);
            }
            else if (twoLevels)
            {
                sheet.Cells[row, c + 1, row + 1, c + 1].Merge = true;
            }
        }

        return twoLevels ? row + 1 : row;
    }

    private static int WriteIndicator(ExcelWorksheet sheet, int first, List<(string Top, string? Sub)> columns, IndicatorDocument indicator, OfficeLayout layout)
    {
        var rows = layout.RowPerProblem || layout.ProblemSubColumns ? Math.Max(1, indicator.Problems.Count) : 1;
        var last = first + rows - 1;
        string OrEmpty(string? text) => string.IsNullOrEmpty(text) ? layout.Empty : text;
        string Names(IReadOnlyList<string> names) => OrEmpty(string.Join('、', names));
        for (var c = 0; c < columns.Count; c++)
        {
            var (top, sub) = columns[c];
            object? value = (top, sub) switch
            {
                ("序号", _) => Index(indicator.Number, layout.Index),
                ("指标", _) => indicator.Name,
                ("全省最佳表现", _) => OrEmpty(indicator.ProvinceBest),
                ("责任领导", _) => OrEmpty(indicator.Leader),
                ("责任单位", null) => string.Join('\n', UnitRoleNames.InListOrder.Where(r => indicator.UnitsIn(r).Count > 0).Select(r => $"{r.ToChinese()}：{string.Join('、', indicator.UnitsIn(r))}")),
                ("责任单位", "组长单位") => Names(indicator.LeadUnits),
                ("责任单位", "副组长单位") => Names(indicator.DeputyUnits),
                ("责任单位", "成员单位") => Names(indicator.MemberUnits),
                ("整改措施", _) when layout.LedgerData => "按清单逐项整改",
                ("整改时限", _) when layout.LedgerData => "2022年12月31日",
                _ => null,
            };

            if (top == "存在问题")
            {
                WriteProblems(sheet, first, c + 1, sub, indicator.Problems, layout);
                continue;
            }

            sheet.Cells[first, c + 1].Value = value;
            if (last > first)
            {
                sheet.Cells[first, c + 1, last, c + 1].Merge = true;
            }
        }

        return last;
    }

    private static void WriteProblems(ExcelWorksheet sheet, int first, int column, string? sub, IReadOnlyList<string> problems, OfficeLayout layout)
    {
        if (problems.Count == 0)
        {
            sheet.Cells[first, column].Value = sub == "问题序号" ? null : layout.Empty;
            return;
        }

        if (!layout.RowPerProblem && !layout.ProblemSubColumns)
        {
            var separator = layout.Numbering == ProblemNumbering.FirstSecondInline ? "" : "\n";
            sheet.Cells[first, column].Value = string.Join(separator, problems.Select((p, i) => Numbered(i + 1, p, layout.Numbering)));
            return;
        }

        for (var i = 0; i < problems.Count; i++)
        {
            sheet.Cells[first + i, column].Value = sub switch
            {
                "问题序号" => i + 1,
                "问题内容" => problems[i],
                _ => Numbered(i + 1, problems[i], layout.Numbering),
            };
        }
    }

    private static string Numbered(int n, string problem, ProblemNumbering numbering) => numbering switch
    {
        ProblemNumbering.Arabic => $"{n}.{problem}",
        ProblemNumbering.ChineseParenthesised => $"（{Chinese(n)}）{problem}",
        ProblemNumbering.FirstSecond or ProblemNumbering.FirstSecondInline => $"{Chinese(n)}是{problem}",
        _ => problem,
    };

    private static object Index(int number, IndexStyle style) => style switch
    {
        IndexStyle.ChineseWithComma => Chinese(number) + "、",
        IndexStyle.Chinese => Chinese(number),
        _ => number,
    };

    /// <summary>1–99 in Chinese numerals: 一, 十, 十八, 二十一.</summary>
    public static string Chinese(int n) => n switch
    {
        < 10 => ChineseDigits[n],
        < 20 => "十" + ChineseDigits[n % 10],
        _ => ChineseDigits[n / 10] + "十" + ChineseDigits[n % 10],
    };
}
