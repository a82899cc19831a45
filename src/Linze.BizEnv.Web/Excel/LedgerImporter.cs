using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Linze.BizEnv.Web.Domain;
using OfficeOpenXml;
using static Linze.BizEnv.Web.Excel.WorkbookReader;

namespace Linze.BizEnv.Web.Excel;

/// <summary>One problem's row of a filled-in ledger: what the office wrote, and the cells it is in (for refusals).</summary>
public sealed record LedgerLine(
    string Number, int IndicatorNumber, int Ordinal, string? Problem, string Measures, DateOnly? DueDate, bool IsLongTerm, string Unit,
    IReadOnlyList<string>? Checksum, LedgerCells Cells)
{
    /// <summary>整改时限 as the ledger writes it (<see cref="LedgerLayout.DueText"/>).</summary>
    public string DueText => LedgerLayout.DueText(DueDate, IsLongTerm);
}

/// <summary>Where a line's cells are: <c>整改台账!E5</c> and so on.</summary>
public sealed record LedgerCells(string Sheet, string Number, string? Problem, string Measures, string Due, string Unit);

/// <summary>A ledger read from a workbook: its title (the list it was exported from, when the title says so) and its problem rows.</summary>
public sealed record ParsedLedger(string? ListTitle, string? TitleCell, IReadOnlyList<LedgerLine> Lines);

/// <summary>
/// Reads a filled-in 整改台账 (the exporter's layout, as an office returns it from Excel or WPS): the header row found
/// by name (问题编号 整改措施 整改时限 责任单位, optionally 问题 and the hidden 导出校验) in any column order, below any
/// title rows, white space and line breaks in header cells ignored; then one row per problem. 整改时限 may be an Excel
/// date or text (2022年12月31日, 2022.12.31, 2022-12-31, 2022/12/31), 长期坚持, or blank (no date). Rows of indicators
/// without problems are skipped. Anything it cannot take is refused with an <see cref="ImportRefusedException"/>
/// naming the sheet and cell. No web types: the upload, the command line and the tests all use it.
/// </summary>
public static partial class LedgerImporter
{
    public const int MaxRows = 5000;

    private static readonly string[] Required = [LedgerLayout.Number, LedgerLayout.Measures, LedgerLayout.Due, LedgerLayout.Unit];
    private static readonly string[] Optional = [LedgerLayout.Problem, LedgerLayout.Checksum];

    // Excel's serial numbers of 2000-01-01 and 2099-12-31: a number in a 整改时限 cell outside them is no date.
    private const double FirstSerial = 36526;
    private const double LastSerial = 73050;
    private const double Date1904Offset = 1462;

    public static ParsedLedger Read(Stream upload) => WorkbookReader.Read(upload, workbook =>
    {
        var (sheet, header) = FindTable(workbook, Required, Optional, "台账表格", "须有一行包含“问题编号”“整改措施”“整改时限”“责任单位”等列名（请使用系统导出的整改台账填写）");
        return ReadTable(sheet, header);
    });

    private static ParsedLedger ReadTable(ExcelWorksheet sheet, Header header)
    {
        var (headerRow, columns, width) = header;
        var lastRow = LastRowWithText(sheet, width);
        if (lastRow - headerRow > 2 * MaxRows)
        {
            throw new ImportRefusedException($"工作表“{sheet.Name}”超过 {MaxRows} 行，未导入。");
        }

        ExcelRange Cell(int row, string column) => sheet.Cells[row, columns[column]];
        string Text(int row, string column) => columns.ContainsKey(column) ? Normalise(Cell(row, column).Text) : "";
        var lines = new List<LedgerLine>();
        var seen = new Dictionary<string, string>();
        for (var row = headerRow + 1; row <= lastRow; row++)
        {
            if (RowCells(sheet, row, width).All(c => c.Text.Trim().Length == 0))
            {
                continue;
            }

            var numberCell = Cell(row, LedgerLayout.Number);
            var problem = Text(row, LedgerLayout.Problem);
            if (numberCell.Value is DateTime or double)
            {
                throw ImportRefusedException.At(sheet.Name, numberCell.Address,
                    $"问题编号“{numberCell.Text}”被 Excel 当成了日期或数字：请把该列设为“文本”格式后重新输入（如 1-2），或重新导出台账。");
            }

            var number = Narrow(Normalise(numberCell.Text));
            if (number.Length == 0)
            {
                if (problem.Length == 0 || problem == LedgerLayout.NoProblems)
                {
                    continue; // an indicator without problems, or a note below the table
                }

                throw ImportRefusedException.At(sheet.Name, numberCell.Address, "缺少问题编号：请保留导出时的问题编号（如 1-2），不要删改。");
            }

            var match = NumberPattern().Match(number);
            if (!match.Success)
            {
                throw ImportRefusedException.At(sheet.Name, numberCell.Address, $"问题编号“{number}”格式不对：应为“指标序号-问题序号”（如 1-2），请保留导出时的编号。");
            }

            number = $"{int.Parse(match.Groups["i"].Value, CultureInfo.InvariantCulture)}-{int.Parse(match.Groups["p"].Value, CultureInfo.InvariantCulture)}";
            if (seen.TryGetValue(number, out var first))
            {
                throw ImportRefusedException.At(sheet.Name, numberCell.Address, $"问题编号 {number} 重复（第一次出现在 {first}）：每个问题只能有一行。");
            }

            seen[number] = numberCell.Address;
            if (lines.Count == MaxRows)
            {
                throw new ImportRefusedException($"工作表“{sheet.Name}”超过 {MaxRows} 行，未导入。");
            }

            var cells = new LedgerCells(
                sheet.Name, numberCell.Address, columns.ContainsKey(LedgerLayout.Problem) ? Cell(row, LedgerLayout.Problem).Address : null,
                Cell(row, LedgerLayout.Measures).Address, Cell(row, LedgerLayout.Due).Address, Cell(row, LedgerLayout.Unit).Address);
            var measures = CheckLength(Text(row, LedgerLayout.Measures), FieldLengths.LongText, "整改措施", sheet.Name, cells.Measures);
            var unit = CheckLength(PlainText.WithoutInvisible(Text(row, LedgerLayout.Unit)), FieldLengths.Name, "责任单位名称", sheet.Name, cells.Unit);
            var (due, longTerm) = ReadDue(Cell(row, LedgerLayout.Due), sheet.Name);
            var checksum = columns.ContainsKey(LedgerLayout.Checksum) ? LedgerLayout.ParseChecksum(Text(row, LedgerLayout.Checksum)) : null;
            lines.Add(new LedgerLine(
                number, int.Parse(match.Groups["i"].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups["p"].Value, CultureInfo.InvariantCulture),
                problem.Length == 0 ? null : ProblemPrefix().Replace(problem, ""), measures, due, longTerm, unit, checksum, cells));
        }

        if (lines.Count == 0)
        {
            throw ImportRefusedException.At(sheet.Name, sheet.Cells[headerRow + 1, columns[LedgerLayout.Number]].Address, "表头下面没有任何带问题编号的行。");
        }

        // The exporter's title row, "《list》 整改台账" (with its filter, if any), names the list; the as-of line and any
        // other title are not needed.
        var title = Enumerable.Range(1, headerRow - 1).Reverse()
            .Select(r => (List: LedgerLayout.ListTitleOf(PlainText.WithoutInvisible(string.Concat(RowCells(sheet, r, width).Select(c => c.Text)))), Row: r))
            .FirstOrDefault(t => t.List is not null);
        return new ParsedLedger(title.List, title.List is null ? null : FirstFilledCell(sheet, title.Row, width), lines);
    }

    /// <summary>整改时限: an Excel date, a date written as text, 长期坚持, or blank (no date).</summary>
    public static (DateOnly? Due, bool LongTerm) ReadDue(ExcelRange cell, string sheet)
    {
        switch (cell.Value)
        {
            case DateTime date:
                return (InRange(DateOnly.FromDateTime(date), cell, sheet), false);
            case double serial when serial is >= FirstSerial and <= LastSerial && serial == Math.Floor(serial):
                // A workbook in the 1904 date system (old Mac Excel) counts its serials from 1904-01-01: 1,462 days later.
                return (DateOnly.FromDateTime(DateTime.FromOADate(serial + (cell.Worksheet.Workbook.Date1904 ? Date1904Offset : 0))), false);
            case double or int or long or decimal:
                throw ImportRefusedException.At(sheet, cell.Address, $"整改时限“{cell.Text}”是数字，不是日期：{DueFormats}");
        }

        var text = Narrow(Normalise(cell.Text)).Replace(" ", "", StringComparison.Ordinal);
        if (text.Length == 0)
        {
            return (null, false);
        }

        if (text == LedgerLayout.LongTerm)
        {
            return (null, true);
        }

        var match = DatePattern().Match(text);
        if (!match.Success)
        {
            throw ImportRefusedException.At(sheet, cell.Address, $"无法识别整改时限“{text}”：{DueFormats}");
        }

        if (!DateOnly.TryParseExact($"{match.Groups["y"].Value}-{match.Groups["m"].Value}-{match.Groups["d"].Value}", "yyyy-M-d",
            CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            throw ImportRefusedException.At(sheet, cell.Address, $"整改时限“{text}”不是有效日期，请检查月份和日期。");
        }

        return (InRange(parsed, cell, sheet), false);
    }

    private const string DueFormats = "请填写日期（如 2022-12-31、2022年12月31日、2022.12.31、2022/12/31）或“长期坚持”；不填表示时限未定。";

    private static DateOnly InRange(DateOnly date, ExcelRange cell, string sheet) =>
        date.Year is >= 2000 and <= 2099 ? date : throw ImportRefusedException.At(sheet, cell.Address, $"整改时限“{ChinaTime.FormatDate(date)}”不在 2000 年至 2099 年之间，请检查年份。");

    /// <summary>Full-width digits and punctuation (１２．３１, －) as their ASCII forms, as WPS users often type them.</summary>
    private static string Narrow(string text) => text.Normalize(NormalizationForm.FormKC);

    [GeneratedRegex(@"^(?<i>\d{1,4})\s*[-－—–]\s*(?<p>\d{1,4})$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^(?<y>\d{4})(?:年|\.|-|/)(?<m>\d{1,2})(?:月|\.|-|/)(?<d>\d{1,2})日?$")]
    private static partial Regex DatePattern();

    /// <summary>The ordinal the exporter writes before a problem's text ("2.刻章收费").</summary>
    [GeneratedRegex(@"^\d+\.")]
    private static partial Regex ProblemPrefix();
}
