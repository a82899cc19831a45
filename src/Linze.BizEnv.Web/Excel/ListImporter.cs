using System.Globalization;
using System.Text.RegularExpressions;
using Linze.BizEnv.Web.Domain;
using OfficeOpenXml;
using static Linze.BizEnv.Web.Excel.WorkbookReader;

namespace Linze.BizEnv.Web.Excel;

/// <summary>A list read from a workbook, with what the importer noticed but did not refuse.</summary>
public sealed record ParsedList(ListDocument List, IReadOnlyList<string> Warnings);

/// <summary>
/// Reads a responsibility list from a workbook in the layout offices keep it (the layout the exporter writes):
/// optional lines above the table (附件, a title), a header row <c>序号 指标 全省最佳表现 存在问题 责任领导 责任单位</c>
/// anywhere in the first sheets and in any column order, one row per indicator, and a footer. Names lose control and
/// format characters; every name and text must fit its column (<see cref="FieldLengths"/>). Anything it cannot take
/// is refused with an <see cref="ImportRefusedException"/> naming the sheet and cell. No web types: the upload, the
/// command line and the tests all use it.
/// </summary>
public static partial class ListImporter
{
    public const int MaxRows = 5000;

    private static readonly string[] Required = ["序号", "指标", "责任单位"];
    private static readonly string[] Optional = ["全省最佳表现", "存在问题", "责任领导"];

    public static ParsedList Read(Stream upload) => WorkbookReader.Read(upload, ReadList);

    private static ParsedList ReadList(ExcelWorkbook workbook)
    {
        var (sheet, header) = FindTable(workbook, Required, Optional, "清单表格", "须有一行包含“序号”“指标”“责任单位”等列名");
        return ReadTable(sheet, header);
    }

    private static ParsedList ReadTable(ExcelWorksheet sheet, Header header)
    {
        var (headerRow, columns, width) = header;
        var warnings = new List<string>();
        foreach (var missing in Optional.Where(o => !columns.ContainsKey(o)))
        {
            warnings.Add($"表头中没有“{missing}”列，该项按空白导入。");
        }

        var (title, titleCell) = TitleAbove(sheet, headerRow, width)
            ?? throw ImportRefusedException.At(sheet.Name, $"A{Math.Max(headerRow - 1, 1)}", "表头上方缺少清单标题行（如“临泽县优化营商环境对标提升责任清单”）。");
        CheckLength(title, FieldLengths.Title, "清单标题", sheet.Name, titleCell);
        var lastRow = sheet.Dimension.End.Row;
        // Blank lines and a footer may follow the table; a sheet far longer than the limit is refused unread.
        if (lastRow - headerRow > 2 * MaxRows)
        {
            throw new ImportRefusedException($"工作表“{sheet.Name}”超过 {MaxRows} 行，未导入。");
        }

        string Cell(int row, string column) => columns.TryGetValue(column, out var col) ? Normalise(sheet.Cells[row, col].Text) : "";
        string Address(int row, string column) => columns.TryGetValue(column, out var col) ? sheet.Cells[row, col].Address : "";

        var indicators = new List<IndicatorDocument>();
        var footer = new List<(string Text, string Cell)>();
        for (var row = headerRow + 1; row <= lastRow; row++)
        {
            var cells = columns.Keys.ToDictionary(k => k, k => Cell(row, k));
            var rowText = string.Concat(RowCells(sheet, row, width).Select(c => c.Text)).Trim();
            if (rowText.Length == 0)
            {
                continue;
            }

            if (!TryNumber(cells["序号"], out var number))
            {
                if (cells["指标"].Length == 0 && cells["责任单位"].Length == 0)
                {
                    // A footer such as "临泽县人民政府办公室 2022年6月24日印发", or a page number: the table has ended.
                    footer.Add((rowText, FirstFilledCell(sheet, row, width)));
                    continue;
                }

                throw ImportRefusedException.At(sheet.Name, Address(row, "序号"), cells["序号"] switch
                {
                    "" => "缺少序号。",
                    var text when IsNumber(text) => $"序号“{text}”须为正整数。",
                    var text => $"序号“{text}”不是数字。",
                });
            }

            if (footer.Count > 0)
            {
                throw ImportRefusedException.At(sheet.Name, Address(row, "序号"), "表格结束后又出现了指标行，请检查表格中间的文字行。");
            }

            var name = CleanName(cells["指标"]);
            if (name.Length == 0)
            {
                throw ImportRefusedException.At(sheet.Name, Address(row, "指标"), $"序号 {number} 缺少指标名称。");
            }

            CheckLength(name, FieldLengths.Name, "指标名称", sheet.Name, Address(row, "指标"));

            if (indicators.Count == MaxRows)
            {
                throw new ImportRefusedException($"工作表“{sheet.Name}”超过 {MaxRows} 行，未导入。");
            }

            if (indicators.Any(i => i.Number == number))
            {
                throw ImportRefusedException.At(sheet.Name, Address(row, "序号"), $"序号 {number} 重复。");
            }

            var units = ParseUnits(cells["责任单位"], sheet.Name, Address(row, "责任单位"));
            if (units[UnitRole.Lead].Count == 0)
            {
                throw ImportRefusedException.At(sheet.Name, Address(row, "责任单位"), $"序号 {number}“{name}”缺少组长单位。");
            }

            var leader = CleanName(cells.GetValueOrDefault("责任领导") ?? "");
            var problems = ParseProblems(cells.GetValueOrDefault("存在问题") ?? "");
            for (var i = 0; i < problems.Count; i++)
            {
                CheckLength(problems[i], FieldLengths.LongText, $"存在问题第 {i + 1} 条", sheet.Name, Address(row, "存在问题"));
            }

            indicators.Add(new IndicatorDocument(
                number,
                name,
                CheckLength(cells.GetValueOrDefault("全省最佳表现") ?? "", FieldLengths.LongText, "全省最佳表现", sheet.Name, Address(row, "全省最佳表现")),
                leader.Length > 0 ? CheckLength(leader, FieldLengths.PersonName, "责任领导姓名", sheet.Name, Address(row, "责任领导")) : null,
                problems,
                units[UnitRole.Lead],
                units[UnitRole.Deputy],
                units[UnitRole.Member]));
        }

        if (indicators.Count == 0)
        {
            throw ImportRefusedException.At(sheet.Name, sheet.Cells[headerRow + 1, 1].Address, "表头下面没有任何指标行。");
        }

        var (office, date) = ReadFooter(sheet.Name, footer);
        var year = date?.Year ?? (YearPattern().Match(title) is { Success: true } y ? int.Parse(y.Value, CultureInfo.InvariantCulture) : DateTime.UtcNow.Year);
        var list = new ListDocument(title, office, date, year, indicators);
        warnings.AddRange(SimilarUnitNames(list));
        return new ParsedList(list, warnings);
    }

    /// <summary>Problems as numbered lines (<c>1.</c> <c>1、</c> <c>（1）</c> <c>①</c>), or one unnumbered problem; an unnumbered line continues the one before.</summary>
    public static IReadOnlyList<string> ParseProblems(string cell)
    {
        var problems = new List<string>();
        foreach (var line in Lines(cell))
        {
            var numbered = ProblemNumber().Match(line);
            if (numbered.Success)
            {
                problems.Add(numbered.Groups["text"].Value.Trim());
            }
            else if (problems.Count == 0)
            {
                problems.Add(line);
            }
            else
            {
                problems[^1] += line;
            }
        }

        return [.. problems.Where(p => p.Length > 0)];
    }

    /// <summary>
    /// Units as lines <c>组长单位：…</c> / <c>副组长单位：…</c> / <c>成员单位：…</c>, names separated by 、，,;；, each without
    /// control or format characters and refused at <paramref name="address"/> when longer than a unit name may be.
    /// </summary>
    public static Dictionary<UnitRole, IReadOnlyList<string>> ParseUnits(string cell, string sheet = "", string address = "")
    {
        var units = UnitRoleNames.InListOrder.ToDictionary(r => r, _ => new List<string>());
        UnitRole? current = null;
        foreach (var line in Lines(cell))
        {
            var labelled = UnitLine().Match(line);
            string names;
            if (labelled.Success)
            {
                current = labelled.Groups["role"].Value switch
                {
                    "组长单位" or "牵头单位" => UnitRole.Lead,
                    "副组长单位" => UnitRole.Deputy,
                    _ => UnitRole.Member,
                };
                names = labelled.Groups["names"].Value;
            }
            else if (current is not null)
            {
                names = line;
            }
            else
            {
                throw ImportRefusedException.At(sheet, address, $"无法识别责任单位“{line}”：每行须以“组长单位：”“副组长单位：”或“成员单位：”开头。");
            }

            units[current.Value].AddRange(NameSeparators().Split(names).Select(CleanName).Where(n => n.Length > 0)
                .Select(n => CheckLength(n, FieldLengths.Name, "单位名称", sheet, address)));
        }

        return units.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.Distinct().ToList());
    }

    /// <summary>Pairs of unit names that look like one unit written two ways: the same characters in another order, or one character apart.</summary>
    public static IEnumerable<string> SimilarUnitNames(ListDocument list)
    {
        var names = list.Indicators.SelectMany(i => i.LeadUnits.Concat(i.DeputyUnits).Concat(i.MemberUnits)).Distinct().Order(StringComparer.Ordinal).ToList();
        for (var a = 0; a < names.Count; a++)
        {
            for (var b = a + 1; b < names.Count; b++)
            {
                if (LookAlike(names[a], names[b]))
                {
                    yield return $"单位名称“{names[a]}”与“{names[b]}”相似，可能是同一单位的不同写法；导入后可在单位管理中合并。";
                }
            }
        }
    }

    internal static bool LookAlike(string a, string b)
    {
        if (a == b)
        {
            return false;
        }

        if (a.Length == b.Length && a.Order().SequenceEqual(b.Order()))
        {
            return true;
        }

        if (Math.Abs(a.Length - b.Length) > 1 || Math.Min(a.Length, b.Length) < 4)
        {
            return false;
        }

        // One insertion, deletion or substitution apart.
        int i = 0, j = 0, edits = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                i++;
                j++;
                continue;
            }

            if (++edits > 1)
            {
                return false;
            }

            if (a.Length > b.Length)
            {
                i++;
            }
            else if (b.Length > a.Length)
            {
                j++;
            }
            else
            {
                i++;
                j++;
            }
        }

        return edits + (a.Length - i) + (b.Length - j) <= 1;
    }

    /// <summary>The first line above the header that is not 附件, and its first filled cell.</summary>
    private static (string Text, string Cell)? TitleAbove(ExcelWorksheet sheet, int headerRow, int width)
    {
        for (var row = headerRow - 1; row >= 1; row--)
        {
            var text = CleanName(string.Concat(RowCells(sheet, row, width).Select(c => c.Text)));
            if (text.Length > 0 && !AttachmentLabel().IsMatch(text))
            {
                return (text, FirstFilledCell(sheet, row, width));
            }
        }

        return null;
    }

    private static (string? Office, DateOnly? Date) ReadFooter(string sheet, IEnumerable<(string Text, string Cell)> footer)
    {
        foreach (var (text, cell) in footer)
        {
            var match = IssuedBy().Match(text);
            if (match.Success)
            {
                var (y, m, d) = (match.Groups["y"].Value, match.Groups["m"].Value, match.Groups["d"].Value);
                if (!DateOnly.TryParseExact($"{y}-{m}-{d}", "yyyy-M-d", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    throw ImportRefusedException.At(sheet, cell, $"印发日期“{y}年{m}月{d}日”不是有效日期。");
                }

                var office = CheckLength(CleanName(match.Groups["office"].Value), FieldLengths.Name, "印发单位", sheet, cell);
                return (office.Length == 0 ? null : office, date);
            }
        }

        return (null, null);
    }

    private static bool TryNumber(string text, out int number)
    {
        var trimmed = NumberText(text);
        if (int.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out number))
        {
            return number > 0;
        }

        // A number typed as 1.0 or stored as a double.
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && d is > 0 and < int.MaxValue)
        {
            number = (int)d;
            return true;
        }

        return false;
    }

    /// <summary>A number, though not one <see cref="TryNumber"/> takes (0, -3, 1.5): told apart from text that is no number at all.</summary>
    private static bool IsNumber(string text) => double.TryParse(NumberText(text), NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>序号 as typed, without the full stop or 、 an office may put after it.</summary>
    private static string NumberText(string text) => text.Trim().TrimEnd('.', '．', '、');

    private static IEnumerable<string> Lines(string cell) =>
        cell.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n').Select(l => l.Trim(' ', '\t', '\u3000')).Where(l => l.Length > 0);

    /// <summary>
    /// A name as it is stored: without control or format characters (line breaks; the bidi controls U+202A–U+202E,
    /// U+2066–U+2069, U+200E, U+200F; zero-width characters), which would make one name look like another or
    /// reorder the page around it.
    /// </summary>
    private static string CleanName(string text) => PlainText.WithoutInvisible(text);

    [GeneratedRegex(@"^(?:(?<n>\d+)\s*[\.．、]|[（(]\s*(?<n>\d+)\s*[)）]|(?<n>[①-⑳]))\s*(?<text>.*)$")]
    private static partial Regex ProblemNumber();

    [GeneratedRegex(@"^(?<role>副组长单位|组长单位|牵头单位|成员单位)\s*[:：]\s*(?<names>.*)$")]
    private static partial Regex UnitLine();

    [GeneratedRegex(@"[、，,;；]")]
    private static partial Regex NameSeparators();

    [GeneratedRegex(@"^附件\s*\d*[:：]?$")]
    private static partial Regex AttachmentLabel();

    [GeneratedRegex(@"^(?<office>.*?)\s*(?<y>\d{4})\s*年\s*(?<m>\d{1,2})\s*月\s*(?<d>\d{1,2})\s*日\s*印发")]
    private static partial Regex IssuedBy();

    [GeneratedRegex(@"(19|20)\d{2}")]
    private static partial Regex YearPattern();
}
