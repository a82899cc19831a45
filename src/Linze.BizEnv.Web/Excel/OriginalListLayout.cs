using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.Web.Excel;

/// <summary>The column layout and cell formats of the list as the county issues it.</summary>
public static class OriginalListLayout
{
    public static IReadOnlyList<string> Headers { get; } = ["序号", "指标", "全省最佳表现", "存在问题", "责任领导", "责任单位"];

    /// <summary>Column widths in Excel character units, chosen for A4 landscape.</summary>
    public static IReadOnlyList<double> ColumnWidths { get; } = [6, 12, 36, 60, 10, 36];

    /// <summary>
    /// Problems as numbered lines in one cell: <c>1.…</c>, or <c>1、…</c> before a text that starts with a digit, so that
    /// "3.2023年起…" is never read back as a decimal run into the problem before it.
    /// </summary>
    public static string FormatProblems(IReadOnlyList<string> problems) =>
        string.Join('\n', problems.Select((text, i) => $"{i + 1}{(text.Length > 0 && char.IsAsciiDigit(text[0]) ? "、" : ".")}{text}"));

    /// <summary>Units as one line per role that has units: <c>组长单位：…</c>, names joined by 、.</summary>
    public static string FormatUnits(IndicatorDocument indicator) =>
        string.Join('\n', UnitRoleNames.InListOrder
            .Where(role => indicator.UnitsIn(role).Count > 0)
            .Select(role => $"{role.ToChinese()}：{string.Join('、', indicator.UnitsIn(role))}"));
}
