using System.Globalization;
using OfficeOpenXml;
using static Linze.BizEnv.Web.Excel.WorkbookReader;

namespace Linze.BizEnv.Web.Excel;

/// <summary>Where a reading's cells are, for refusals: <c>本县现值!C5</c>.</summary>
public sealed record ReadingCells(string Sheet, string Indicator, string Metric, string Period, string Value, string Source);

/// <summary>
/// One row of a 本县现值 sheet as written: the indicator and metric as named, 期间 as a month (a date cell's month, or the
/// text), the value as text, the source. Nothing is interpreted here beyond the cells: the import matches the names.
/// </summary>
public sealed record ReadingLine(string Indicator, string Metric, DateOnly? PeriodDate, string PeriodText, string Value, string Source, ReadingCells Cells)
{
    /// <summary>A template row left as it was: no value and no source.</summary>
    public bool IsBlank => Value.Length == 0 && Source.Length == 0;
}

/// <summary>The rows read, and the cells refused while reading (too long), to be listed with every other refusal.</summary>
public sealed record ParsedReadings(IReadOnlyList<ReadingLine> Lines, IReadOnlyList<string> Refusals);

/// <summary>
/// Reads a sheet of 本县现值 (指标 | 指标项 | 期间 | 本县值 | 来源, the header found by name below any title rows, white
/// space in header cells ignored), one reading a row; blank rows skipped. Refusals name the sheet and cell.
/// No web types: the upload and the tests use it.
/// </summary>
public static class ReadingsImporter
{
    public const string Indicator = "指标";
    public const string Metric = "指标项";
    public const string Period = "期间";
    public const string Value = "本县值";
    public const string Source = "来源";

    public static readonly string[] Headers = [Indicator, Metric, Period, Value, Source];

    public const int MaxRows = 5000;

    public static ParsedReadings Read(Stream upload) => WorkbookReader.Read(upload, workbook =>
    {
        var (sheet, header) = FindTable(workbook, Headers, [], "本县现值表格", "须有一行列名为“指标”“指标项”“期间”“本县值”“来源”（可在导入页下载模板）");
        var (headerRow, columns, width) = header;
        var lastRow = LastRowWithText(sheet, width);
        if (lastRow - headerRow > MaxRows)
        {
            throw new ImportRefusedException($"工作表“{sheet.Name}”超过 {MaxRows} 行，未导入。请分批导入。");
        }

        var lines = new List<ReadingLine>();
        var refusals = new List<string>();
        for (var row = headerRow + 1; row <= lastRow; row++)
        {
            string Address(string column) => sheet.Cells[row, columns[column]].Address;
            string Text(string column) => Normalise(sheet.Cells[row, columns[column]].Text ?? "");
            if (Headers.All(h => Text(h).Length == 0))
            {
                continue;
            }

            var periodCell = sheet.Cells[row, columns[Period]].Value;
            DateOnly? periodDate = periodCell switch
            {
                DateTime date => DateOnly.FromDateTime(date),
                double serial when serial is >= 36526 and <= 73050 => DateOnly.FromDateTime(DateTime.FromOADate(serial)),
                _ => null,
            };
            var cells = new ReadingCells(sheet.Name, Address(Indicator), Address(Metric), Address(Period), Address(Value), Address(Source));
            // A number typed as a number reads back as Excel shows it; its invariant form is what the import parses.
            var value = sheet.Cells[row, columns[Value]].Value is double number ? number.ToString(CultureInfo.InvariantCulture) : Text(Value);
            try
            {
                lines.Add(new ReadingLine(
                    CheckLength(Text(Indicator), 120, "指标", sheet.Name, cells.Indicator),
                    CheckLength(Text(Metric), 120, "指标项", sheet.Name, cells.Metric),
                    periodDate,
                    CheckLength(Text(Period), 40, "期间", sheet.Name, cells.Period),
                    CheckLength(value, 40, "本县值", sheet.Name, cells.Value),
                    CheckLength(Text(Source), Domain.Benchmarking.MetricReading.SourceLength, "来源", sheet.Name, cells.Source),
                    cells));
            }
            catch (ImportRefusedException ex)
            {
                // Listed with the rest: one over-long cell must not hide the others.
                refusals.Add(ex.Message);
            }
        }

        return lines.Count == 0 && refusals.Count == 0 ? throw new ImportRefusedException($"工作表“{sheet.Name}”的表头下没有数据，未导入。") : new ParsedReadings(lines, refusals);
    });
}
