using System.Globalization;
using System.Text.RegularExpressions;
using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.Web.Excel;

/// <summary>
/// Reads the rows under a list's header into indicators. A row with a new 序号 starts an indicator; a row with the
/// same 序号 (an indicator's cells merged down its problem rows) or with 序号 and 指标 blank (merges undone) adds its
/// problem to it. Text lines after the table (a footer merged across, a page number) end it. Lines above the header
/// give the title: 附件 and 填报单位/填报人 lines are not it.
/// </summary>
internal sealed partial class ListTable(SheetGrid grid, ListHeader header)
{
    private readonly ListHeader header = header;

    private static readonly (ListColumn Column, string Name)[] Optional =
        [(ListColumn.ProvinceBest, "全省最佳表现"), (ListColumn.Problems, "存在问题"), (ListColumn.Leader, "责任领导")];

    private string Sheet => grid.Name;

    public ParsedList Read()
    {
        var warnings = Optional.Where(o => !header.Columns.ContainsKey(o.Column)).Select(o => $"表头中没有“{o.Name}”列，该项按空白导入。").ToList();
        var (title, titleCell) = TitleAbove()
            ?? throw ImportRefusedException.At(Sheet, SheetGrid.Address(Math.Max(header.Row - 1, 1), 1), "表头上方缺少清单标题行（如“临泽县优化营商环境对标提升责任清单”）。");
        WorkbookReader.CheckLength(title, FieldLengths.Title, "清单标题", Sheet, titleCell);

        var indicators = new List<IndicatorRows>();
        var footer = new List<(string Text, string Cell)>();
        for (var row = header.FirstDataRow; row <= grid.Rows; row++)
        {
            if (OwnTexts(row).All(t => t.Trim().Length == 0))
            {
                continue;
            }

            if (IsTextLine(row))
            {
                footer.Add((RowText(row), FirstFilledCell(row)));
                continue;
            }

            var current = indicators.Count > 0 && footer.Count == 0 ? indicators[^1] : null;
            var index = Filled(row, ListColumn.Index);
            var name = ListImporter.CleanName(Filled(row, ListColumn.Indicator));
            if (!OfficeText.TryIndex(index, out var number))
            {
                if (index.Length == 0 && current is not null && (name.Length == 0 || name == current.Name))
                {
                    current.Add(row);
                    continue;
                }

                if (name.Length == 0 && OfficeText.Meaningful(Own(row, ListColumn.Problems)).Length == 0 && UnitTexts(row).All(t => t.Length == 0))
                {
                    // A footer such as "临泽县人民政府办公室 2022年6月24日印发", or a page number: the table has ended.
                    footer.Add((RowText(row), FirstFilledCell(row)));
                    continue;
                }

                throw At(row, ListColumn.Index, index switch
                {
                    "" => "缺少序号。",
                    var text when OfficeText.IsNumber(text) => $"序号“{text}”须为正整数。",
                    var text => $"序号“{text}”不是数字。",
                });
            }

            if (current is not null && number == current.Number)
            {
                if (name.Length > 0 && name != current.Name)
                {
                    throw At(row, ListColumn.Index, $"序号 {number} 重复。");
                }

                current.Add(row);
                continue;
            }

            if (footer.Count > 0)
            {
                throw At(row, ListColumn.Index, $"表格结束后又出现了指标行（序号 {number}）：表格中间不能有整行的文字（如 {footer[0].Cell} 的“{PlainText.Shorten(footer[0].Text, 20)}”），请删去或移到表格下方。");
            }

            if (name.Length == 0)
            {
                throw At(row, ListColumn.Indicator, $"序号 {number} 缺少指标名称。");
            }

            WorkbookReader.CheckLength(name, FieldLengths.Name, "指标名称", Sheet, AddressOf(row, ListColumn.Indicator));
            if (indicators.Count == ListImporter.MaxRows)
            {
                throw new ImportRefusedException($"工作表“{Sheet}”超过 {ListImporter.MaxRows} 行，未导入。");
            }

            if (indicators.Any(i => i.Number == number))
            {
                throw At(row, ListColumn.Index, $"序号 {number} 重复。");
            }

            var indicator = new IndicatorRows(this, number, name, row);
            indicator.Add(row);
            indicators.Add(indicator);
        }

        if (indicators.Count == 0)
        {
            throw ImportRefusedException.At(Sheet, SheetGrid.Address(header.FirstDataRow, 1), "表头下面没有任何指标行。");
        }

        warnings.AddRange(LedgerColumnsWithData());
        var (office, date) = ReadFooter(footer);
        var year = date?.Year ?? (YearPattern().Match(title) is { Success: true } y ? int.Parse(y.Value, CultureInfo.InvariantCulture) : DateTime.UtcNow.Year);
        var list = new ListDocument(title, office, date, year, [.. indicators.Select(i => i.ToDocument())]);
        warnings.AddRange(ListImporter.SimilarUnitNames(list));
        return new ParsedList(list, warnings);
    }

    /// <summary>台账 columns beside the list that hold something: the list import does not read them, the ledger import does.</summary>
    private IEnumerable<string> LedgerColumnsWithData()
    {
        var filled = header.LedgerColumns
            .Where(c => Enumerable.Range(header.FirstDataRow, Math.Max(0, grid.Rows - header.FirstDataRow + 1)).Any(r => OfficeText.Meaningful(grid.Own(r, c.Column)).Length > 0))
            .Select(c => $"“{c.Name}”")
            .ToList();
        if (filled.Count > 0)
        {
            yield return $"文件中{string.Concat(filled)}列有内容，导入清单时不读取这些列：如需导入整改措施、整改时限，请导入清单后导出整改台账，填写后在“导入台账”页面导入。";
        }
    }

    private string Filled(int row, ListColumn column) =>
        header.Columns.TryGetValue(column, out var col) ? WorkbookReader.Normalise(grid.Filled(row, col)) : "";

    /// <summary>The cell's own text: problems are read from it, so a problem merged down two rows counts once.</summary>
    private string Own(int row, ListColumn column) =>
        header.Columns.TryGetValue(column, out var col) ? WorkbookReader.Normalise(grid.Own(row, col)) : "";

    private string AddressOf(int row, ListColumn column) =>
        SheetGrid.Address(row, header.Columns.TryGetValue(column, out var col) ? col : 1);

    private ImportRefusedException At(int row, ListColumn column, string problem) => ImportRefusedException.At(Sheet, AddressOf(row, column), problem);

    private IEnumerable<string> OwnTexts(int row) => Enumerable.Range(1, header.Width).Select(c => grid.Own(row, c));

    private IEnumerable<string> UnitTexts(int row) =>
        new[] { ListColumn.Units, ListColumn.LeadUnits, ListColumn.DeputyUnits, ListColumn.MemberUnits }.Select(c => OfficeText.Meaningful(Filled(row, c)));

    private string RowText(int row) => string.Concat(OwnTexts(row)).Trim();

    private string FirstFilledCell(int row) => SheetGrid.Address(row, Enumerable.Range(1, header.Width).First(c => grid.Own(row, c).Trim().Length > 0));

    /// <summary>A line of text across the table (a footer merged over its columns): one filled cell, merged across.</summary>
    private bool IsTextLine(int row)
    {
        var filled = Enumerable.Range(1, header.Width).Where(c => grid.Own(row, c).Trim().Length > 0).ToList();
        return filled.Count == 1 && grid.MergedAcross(row, filled[0]);
    }

    /// <summary>
    /// The title: of the lines above the header that are not 附件 or a 填报单位/填报人/联系电话 line, the nearest naming a
    /// 清单 (a subtitle such as （2022年） may sit between), else the nearest.
    /// </summary>
    private (string Text, string Cell)? TitleAbove()
    {
        var lines = new List<(string Text, string Cell)>();
        for (var row = header.Row - 1; row >= 1; row--)
        {
            var cells = Enumerable.Range(1, grid.Columns).Where(c => grid.Own(row, c).Trim().Length > 0).ToList();
            var text = ListImporter.CleanName(string.Concat(cells.Select(c => grid.Own(row, c)))).Trim(' ', '\u3000');
            if (text.Length > 0 && !AttachmentLabel().IsMatch(text) && !FillerLine().IsMatch(text))
            {
                lines.Add((text, SheetGrid.Address(row, cells[0])));
            }
        }

        return lines.Count == 0 ? null : lines.FirstOrDefault(l => l.Text.Contains("清单", StringComparison.Ordinal)) is { Text: not null } named ? named : lines[0];
    }

    private (string? Office, DateOnly? Date) ReadFooter(IEnumerable<(string Text, string Cell)> footer)
    {
        foreach (var (text, cell) in footer)
        {
            var match = IssuedBy().Match(text);
            if (match.Success)
            {
                var (y, m, d) = (match.Groups["y"].Value, match.Groups["m"].Value, match.Groups["d"].Value);
                if (!DateOnly.TryParseExact($"{y}-{m}-{d}", "yyyy-M-d", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    throw ImportRefusedException.At(Sheet, cell, $"印发日期“{y}年{m}月{d}日”不是有效日期。");
                }

                var office = WorkbookReader.CheckLength(ListImporter.CleanName(match.Groups["office"].Value).Trim(), FieldLengths.Name, "印发单位", Sheet, cell);
                return (office.Length == 0 ? null : office, date);
            }
        }

        return (null, null);
    }

    [GeneratedRegex(@"^附件\s*\d*\s*[:：]?$")]
    private static partial Regex AttachmentLabel();

    [GeneratedRegex("填报单位|填报人|填表人|填报日期|填表日期|联系电话|联系人|审核人|制表人|（盖章）|\\(盖章\\)")]
    private static partial Regex FillerLine();

    [GeneratedRegex(@"^(?<office>.*?)\s*(?<y>\d{4})\s*年\s*(?<m>\d{1,2})\s*月\s*(?<d>\d{1,2})\s*日\s*印发")]
    private static partial Regex IssuedBy();

    [GeneratedRegex(@"(19|20)\d{2}")]
    private static partial Regex YearPattern();

    /// <summary>An indicator's rows as they are read: its first row's cells, the problems and units of every row.</summary>
    private sealed class IndicatorRows(ListTable table, int number, string name, int firstRow)
    {
        private readonly List<string> problems = [];
        private readonly Dictionary<UnitRole, List<string>> units = UnitRoleNames.InListOrder.ToDictionary(r => r, _ => new List<string>());
        private string provinceBest = "";
        private string leader = "";

        public int Number => number;

        public string Name => name;

        public void Add(int row)
        {
            provinceBest = Same(row, ListColumn.ProvinceBest, "全省最佳表现", provinceBest, FieldLengths.LongText);
            leader = Same(row, ListColumn.Leader, "责任领导", leader, FieldLengths.PersonName, lengthField: "责任领导姓名", clean: true);
            foreach (var problem in OfficeText.Items(table.Own(row, ListColumn.Problems)))
            {
                problems.Add(WorkbookReader.CheckLength(problem, FieldLengths.LongText, $"存在问题第 {problems.Count + 1} 条", table.Sheet, table.AddressOf(row, ListColumn.Problems)));
            }

            foreach (var (role, names) in UnitsOf(row))
            {
                units[role].AddRange(names.Where(n => !units[role].Contains(n)));
            }
        }

        public IndicatorDocument ToDocument()
        {
            if (units[UnitRole.Lead].Count == 0)
            {
                var cell = table.header.Columns.ContainsKey(ListColumn.Units) ? ListColumn.Units : ListColumn.LeadUnits;
                throw table.At(firstRow, cell, $"序号 {number}“{name}”缺少组长单位。");
            }

            // A unit named in two roles keeps the first (the seed names none twice; a merged cell repeated down rows does).
            return new IndicatorDocument(number, name, provinceBest, leader.Length > 0 ? leader : null, [.. problems],
                [.. units[UnitRole.Lead].Distinct()], [.. units[UnitRole.Deputy].Distinct()], [.. units[UnitRole.Member].Distinct()]);
        }

        /// <summary>The cell's value where the indicator's earlier rows had none or the same; a different one is refused.</summary>
        private string Same(int row, ListColumn column, string field, string before, int max, string? lengthField = null, bool clean = false)
        {
            var text = OfficeText.Meaningful(table.Filled(row, column));
            text = clean ? ListImporter.CleanName(text) : text;
            if (text.Length == 0 || text == before)
            {
                return before;
            }

            if (before.Length > 0)
            {
                throw table.At(row, column, $"序号 {number}“{name}”的{field}与上一行不一致：同一指标的{field}只填一次（或合并单元格）。");
            }

            return WorkbookReader.CheckLength(text, max, lengthField ?? field, table.Sheet, table.AddressOf(row, column));
        }

        private IEnumerable<(UnitRole Role, IEnumerable<string> Names)> UnitsOf(int row)
        {
            if (table.header.Columns.ContainsKey(ListColumn.Units))
            {
                var cell = table.Filled(row, ListColumn.Units);
                return OfficeText.IsPlaceholder(cell) ? [] : ListImporter.ParseUnits(cell, table.Sheet, table.AddressOf(row, ListColumn.Units)).Select(p => (p.Key, (IEnumerable<string>)p.Value));
            }

            return new[] { (UnitRole.Lead, ListColumn.LeadUnits), (UnitRole.Deputy, ListColumn.DeputyUnits), (UnitRole.Member, ListColumn.MemberUnits) }
                .Select(r => (r.Item1, ListImporter.UnitNames(table.Filled(row, r.Item2), table.Sheet, table.AddressOf(row, r.Item2)).ToList().AsEnumerable()));
        }
    }
}
