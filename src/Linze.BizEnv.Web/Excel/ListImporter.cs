using System.Globalization;
using System.Text.RegularExpressions;
using Linze.BizEnv.Web.Domain;
using OfficeOpenXml;
using static Linze.BizEnv.Web.Excel.WorkbookReader;

namespace Linze.BizEnv.Web.Excel;

/// <summary>A list read from a workbook, with what the importer noticed but did not refuse.</summary>
public sealed record ParsedList(ListDocument List, IReadOnlyList<string> Warnings);

/// <summary>
/// Reads a responsibility list from a workbook in the layouts offices keep it: lines above the table (附件, a title, a
/// 填报单位 line), a header of one or two rows (<see cref="ListHeader"/>) on any of the first sheets and in any column
/// order, then one row per indicator (problems numbered in one cell) or one row per problem (the indicator's cells
/// merged down its rows, or left blank below the first), and a footer (<see cref="ListTable"/>). Names lose control and
/// format characters; every name and text must fit its column (<see cref="FieldLengths"/>). Anything it cannot take
/// is refused with an <see cref="ImportRefusedException"/> naming the sheet and cell. No web types: the upload, the
/// command line and the tests all use it.
/// </summary>
public static partial class ListImporter
{
    public const int MaxRows = 5000;

    public static ParsedList Read(Stream upload) => WorkbookReader.Read(upload, ReadList);

    private static ParsedList ReadList(ExcelWorkbook workbook)
    {
        var searched = new List<SheetGrid>();
        return FindTable(workbook, sheet =>
            {
                var grid = SheetGrid.Read(sheet, HeaderSearchRows + (2 * MaxRows) + 1, MaxColumns);
                if (ListHeader.Find(grid, HeaderSearchRows) is not { } header)
                {
                    searched.Add(grid);
                    return null;
                }

                CheckIsAList(grid, header);
                if (LastRowWithText(sheet, MaxColumns) - header.Row > 2 * MaxRows)
                {
                    // Blank lines and a footer may follow the table; a sheet far longer than the limit is refused unread.
                    throw new ImportRefusedException($"工作表“{sheet.Name}”超过 {MaxRows} 行，未导入。");
                }

                return new ListTable(grid, header).Read();
            },
            "清单表格",
            $"须有一行包含{string.Concat(ListHeader.RequiredNames.Select(n => $"“{n}”"))}等列名",
            () =>
            {
                if (searched.Select(TableInOneCell).FirstOrDefault(c => c is not null) is { } pasted)
                {
                    throw ImportRefusedException.At(pasted.Sheet, pasted.Cell,
                        "整张表格被粘贴在了一个单元格里：请在 Excel 或 WPS 中把表格重新粘贴为多列（或用“数据 → 分列”），使“序号”“指标”“责任单位”等表头各占一个单元格，再导入。");
                }
            });
    }

    /// <summary>
    /// A header with neither 全省最佳表现 nor 存在问题 is no list: most often it is this portal's own 整改台账, which has
    /// 序号, 指标 and 责任单位 too and would import as one indicator per problem with no problems.
    /// </summary>
    private static void CheckIsAList(SheetGrid grid, ListHeader header)
    {
        if (header.Columns.ContainsKey(ListColumn.ProvinceBest) || header.Columns.ContainsKey(ListColumn.Problems))
        {
            return;
        }

        var ledger = header.LedgerColumns.Any(c => c.Name is "问题" or "问题编号" or "整改措施" or "整改时限")
            ? "这像是整改台账而不是责任清单：填好的整改台账请在“导入台账”页面导入。"
            : "";
        throw ImportRefusedException.At(grid.Name, SheetGrid.Address(header.Row, 1),
            $"表头缺少“全省最佳表现”“存在问题”列，不是责任清单，未导入。{ledger}导入责任清单须用含“序号、指标、全省最佳表现、存在问题、责任领导、责任单位”列的表格。");
    }

    /// <summary>A cell in the searched rows that holds the whole header (序号 … 指标 … 责任单位) by itself.</summary>
    private static (string Sheet, string Cell)? TableInOneCell(SheetGrid grid)
    {
        for (var row = 1; row <= Math.Min(grid.Rows, HeaderSearchRows); row++)
        {
            for (var column = 1; column <= grid.Columns; column++)
            {
                var text = grid.Own(row, column);
                if (ListHeader.RequiredNames.All(n => text.Contains(n, StringComparison.Ordinal)))
                {
                    return (grid.Name, SheetGrid.Address(row, column));
                }
            }
        }

        return null;
    }

    /// <summary>Problems as numbered lines (<c>1.</c> <c>1、</c> <c>（1）</c> <c>①</c> <c>（一）</c> <c>一是</c>), or one unnumbered problem; an unnumbered line continues the one before.</summary>
    public static IReadOnlyList<string> ParseProblems(string cell) => OfficeText.Items(cell);

    /// <summary>
    /// Units as lines <c>组长单位：…</c> / <c>副组长单位：…</c> / <c>成员单位：…</c>, names separated by 、，,;；, each without
    /// control or format characters and refused at <paramref name="address"/> when longer than a unit name may be.
    /// </summary>
    public static Dictionary<UnitRole, IReadOnlyList<string>> ParseUnits(string cell, string sheet = "", string address = "")
    {
        var units = UnitRoleNames.InListOrder.ToDictionary(r => r, _ => new List<string>());
        UnitRole? current = null;
        foreach (var line in OfficeText.Lines(cell))
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

            units[current.Value].AddRange(UnitNames(names, sheet, address));
        }

        return units.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.Distinct().ToList());
    }

    /// <summary>
    /// Unit names separated by 、，,;； or line breaks, without control or format characters, placeholders (无, /) dropped,
    /// each refused at <paramref name="address"/> when longer than a unit name may be.
    /// </summary>
    public static IEnumerable<string> UnitNames(string text, string sheet = "", string address = "") =>
        NameSeparators().Split(text).Select(n => CleanName(n).Trim(' ', '\u3000')).Where(n => !OfficeText.IsPlaceholder(n))
            .Select(n => CheckLength(n, FieldLengths.Name, "单位名称", sheet, address));

    /// <summary>Pairs of unit names that look like one unit written two ways: the same characters in another order, or one character apart.</summary>
    public static IEnumerable<string> SimilarUnitNames(ListDocument list)
    {
        var names = list.Indicators.SelectMany(i => i.LeadUnits.Concat(i.DeputyUnits).Concat(i.MemberUnits)).Distinct().Order(StringComparer.Ordinal).ToList();
        for (var a = 0; a < names.Count; a++)
        {
            for (var b = a + 1; b < names.Count; b++)
            {
                if (Domain.UnitNames.LookAlike(names[a], names[b]))
                {
                    yield return $"单位名称“{names[a]}”与“{names[b]}”相似，可能是同一单位的不同写法；导入后可在单位管理中合并。";
                }
            }
        }
    }

    /// <summary>
    /// A name as it is stored: without control or format characters (line breaks; the bidi controls U+202A–U+202E,
    /// U+2066–U+2069, U+200E, U+200F; zero-width characters), which would make one name look like another or
    /// reorder the page around it.
    /// </summary>
    internal static string CleanName(string text) => PlainText.WithoutInvisible(text);

    [GeneratedRegex(@"^(?<role>副组长单位|组长单位|牵头单位|成员单位)\s*[:：]\s*(?<names>.*)$")]
    private static partial Regex UnitLine();

    [GeneratedRegex(@"[、，,;；\n]")]
    private static partial Regex NameSeparators();
}
