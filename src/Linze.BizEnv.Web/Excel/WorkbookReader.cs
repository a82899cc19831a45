using System.Diagnostics;
using System.Text.RegularExpressions;
using Linze.BizEnv.Web.Domain;
using OfficeOpenXml;

namespace Linze.BizEnv.Web.Excel;

/// <summary>
/// What every importer does with an upload before and while it reads its table: the zip check
/// (<see cref="WorkbookGuard"/>), EPPlus's own failures answered as one refusal, Excel's limits, and how header and
/// body cells are read. The list importer and the ledger importer share it.
/// </summary>
internal static partial class WorkbookReader
{
    public const int HeaderSearchRows = 30;
    public const int SheetsSearched = 5;

    // A table is as wide as its header's last filled cell, at most this: cells further right are never read, so a row
    // of 16,384 cells costs no more than one of six.
    public const int MaxColumns = 50;

    /// <summary>The header row, where each known column is, and the table's width (the header's last filled cell).</summary>
    public sealed record Header(int Row, Dictionary<string, int> Columns, int Width);

    /// <summary>The sheet a table was found on, and its header.</summary>
    public sealed record FoundTable(ExcelWorksheet Sheet, Header Header);

    /// <summary>Checks the upload, opens it and hands the workbook to <paramref name="read"/>.</summary>
    public static T Read<T>(Stream upload, Func<ExcelWorkbook, T> read)
    {
        using var safe = WorkbookGuard.Check(upload);
        try
        {
            using var package = new ExcelPackage(safe);
            return read(package.Workbook);
        }
        catch (Exception ex) when (ex is not ImportRefusedException && ThrownWhileEpplusRead(ex))
        {
            // EPPlus parses what Excel writes and throws whatever comes (plain Exception, Overflow, ArgumentOutOfRange,
            // XmlException...) on an address, index or number out of range: all are one answer to the user.
            throw new ImportRefusedException("文件已损坏或格式异常，无法读取，未导入。");
        }
    }

    /// <summary>
    /// True when the exception came out of EPPlus (thrown by it, or by what it called), not out of the importer's own
    /// reading: those are bugs and must not pass for a damaged file.
    /// </summary>
    private static bool ThrownWhileEpplusRead(Exception ex) =>
        ex is not OutOfMemoryException
        && new StackTrace(ex).GetFrames().Any(f => f.GetMethod()?.DeclaringType?.Assembly == typeof(ExcelPackage).Assembly);

    /// <summary>EPPlus 4.5 loads a cell written beyond XFD or row 1,048,576 and then fails on any range that reaches it.</summary>
    public static void CheckWithinExcelsLimits(ExcelWorksheet sheet)
    {
        var end = sheet.Dimension.End;
        if (end.Column > ExcelPackage.MaxColumns)
        {
            throw new ImportRefusedException($"工作表“{sheet.Name}”有超出 Excel 范围的单元格（第 {end.Column} 列），文件格式异常，未导入。");
        }

        if (end.Row > ExcelPackage.MaxRows)
        {
            throw new ImportRefusedException($"工作表“{sheet.Name}”有超出 Excel 范围的单元格（第 {end.Row} 行），文件格式异常，未导入。");
        }
    }

    /// <summary>Text that fits its column (<see cref="Domain.FieldLengths"/>), or a refusal at its cell quoting the start of it.</summary>
    public static string CheckLength(string text, int max, string field, string sheet, string cell)
    {
        if (text.Length <= max)
        {
            return text;
        }

        throw ImportRefusedException.At(sheet, cell, $"{field}超过 {max} 个字：“{PlainText.Shorten(text, 20)}”");
    }

    /// <summary>
    /// Cell text without surrounding white space of any kind (full-width and no-break spaces pasted from Word or a web
    /// page too, as the domain trims them); line breaks inside kept, Windows line ends unified.
    /// </summary>
    public static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    /// <summary>
    /// The last row with a value in the first <paramref name="width"/> columns: borders or fills applied far below a
    /// table make the sheet's used range long without adding a row anyone wrote.
    /// </summary>
    public static int LastRowWithText(ExcelWorksheet sheet, int width)
    {
        var last = 0;
        foreach (var cell in sheet.Cells[1, 1, sheet.Dimension.End.Row, Math.Max(1, Math.Min(width, sheet.Dimension.End.Column))])
        {
            if (cell.Value is not null && cell.Start.Row > last)
            {
                last = cell.Start.Row;
            }
        }

        return last;
    }

    /// <summary>Header text with all white space removed, full-width spaces and line breaks included ("序 号", "全省最佳\n表现").</summary>
    public static string Compact(string text) => WhiteSpace().Replace(text, "");

    [GeneratedRegex(@"[\s\u3000]+")]
    private static partial Regex WhiteSpace();

    /// <summary>
    /// The first of the first sheets with a header row holding every <paramref name="required"/> column name (white space
    /// ignored, so WPS's line breaks and full-width spaces in header cells do not matter), or a refusal saying where it
    /// looked. <paramref name="table"/> and <paramref name="headerHint"/> name the table and its header in that message.
    /// </summary>
    public static FoundTable FindTable(ExcelWorkbook workbook, string[] required, string[] optional, string table, string headerHint) =>
        FindTable(workbook, sheet => FindHeader(sheet, required, optional) is { } header ? new FoundTable(sheet, header) : null, table, headerHint);

    /// <summary>
    /// What <paramref name="read"/> makes of the first of the first sheets where it finds its table (it returns null
    /// where it does not), or a refusal saying where it looked; <paramref name="beforeRefusing"/> may refuse with a
    /// better reason first. Empty sheets are skipped, and every sheet is checked against Excel's limits before it is read.
    /// </summary>
    public static T FindTable<T>(ExcelWorkbook workbook, Func<ExcelWorksheet, T?> read, string table, string headerHint, Action? beforeRefusing = null)
        where T : class
    {
        var sheets = workbook.Worksheets.Take(SheetsSearched).ToList();
        // Where a workbook has more sheets than are searched, say so: the table may be on one of the others.
        var unsearched = workbook.Worksheets.Count > SheetsSearched;
        var sheetCount = $"（工作簿共有 {workbook.Worksheets.Count} 个工作表）";
        var firstSheets = $"{table}须放在前 {SheetsSearched} 个工作表之一";
        if (sheets.All(s => s.Dimension is null))
        {
            throw new ImportRefusedException(unsearched ? $"前 {SheetsSearched} 个工作表都是空的{sheetCount}：{firstSheets}，未导入。" : "工作簿是空的，未导入。");
        }

        foreach (var sheet in sheets.Where(s => s.Dimension is not null))
        {
            CheckWithinExcelsLimits(sheet);
            if (read(sheet) is { } found)
            {
                return found;
            }
        }

        beforeRefusing?.Invoke();
        throw new ImportRefusedException(unsearched
            ? $"找不到表头行：已查找前 {SheetsSearched} 个工作表{sheetCount}每个的前 {HeaderSearchRows} 行、前 {MaxColumns} 列，{headerHint}；{firstSheets}。"
            : $"找不到表头行：工作表前 {HeaderSearchRows} 行、前 {MaxColumns} 列中{headerHint}。");
    }

    private static Header? FindHeader(ExcelWorksheet sheet, string[] required, string[] optional)
    {
        var lastRow = Math.Min(sheet.Dimension.End.Row, HeaderSearchRows);
        var lastColumn = Math.Min(sheet.Dimension.End.Column, MaxColumns);
        for (var row = 1; row <= lastRow; row++)
        {
            var columns = new Dictionary<string, int>();
            var width = 0;
            for (var col = 1; col <= lastColumn; col++)
            {
                var name = Compact(sheet.Cells[row, col].Text);
                width = name.Length > 0 ? col : width;
                if (required.Contains(name) || optional.Contains(name))
                {
                    columns.TryAdd(name, col);
                }
            }

            if (required.All(columns.ContainsKey))
            {
                return new Header(row, columns, width);
            }
        }

        return null;
    }

    /// <summary>The cells of a row the importer reads: the table's columns, whatever else the row holds.</summary>
    public static IEnumerable<ExcelRange> RowCells(ExcelWorksheet sheet, int row, int width) =>
        Enumerable.Range(1, width).Select(col => sheet.Cells[row, col]);

    public static string FirstFilledCell(ExcelWorksheet sheet, int row, int width) =>
        RowCells(sheet, row, width).First(c => c.Text.Trim().Length > 0).Address;
}
