using System.Drawing;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Excel;
using OfficeOpenXml;
using OfficeOpenXml.Style;

namespace Linze.BizEnv.Web.Excel;

/// <summary>
/// The 整改台账 as the office prints and files it: title, as-of date, one row per problem with its traffic light as
/// the row's fill, a per-unit summary sheet, and for a unit's report its progress entries. A4 landscape, header
/// repeated on every page, borders, wrapped text, explicit widths (no GDI+ on Linux), frozen header, footer.
/// </summary>
public static class LedgerExporter
{
    public static readonly string[] Headers = LedgerLayout.Headers;

    public static readonly IReadOnlyDictionary<TrafficLight, Color> Fills = new Dictionary<TrafficLight, Color>
    {
        [TrafficLight.Red] = Color.FromArgb(0xFF, 0xC7, 0xCE),
        [TrafficLight.Yellow] = Color.FromArgb(0xFF, 0xEB, 0x9C),
        [TrafficLight.Green] = Color.FromArgb(0xC6, 0xEF, 0xCE),
        [TrafficLight.Closed] = Color.FromArgb(0xD9, 0xD9, 0xD9),
    };

    public static void Write(LedgerReport report, Stream output)
    {
        // Fastest deflate: a 100,000-row ledger spends most of its time compressing; the file stays small enough to mail.
        using var package = SheetLayout.NewWorkbook();
        package.Compression = CompressionLevel.BestSpeed;
        WriteLedger(package.Workbook.Worksheets.Add(LedgerLayout.Sheet), report);
        WriteSummary(package.Workbook.Worksheets.Add("单位汇总"), report);
        if (report.Entries.Count > 0)
        {
            WriteEntries(package.Workbook.Worksheets.Add("进展明细"), report);
        }

        if (report.Benchmarks is { Count: > 0 })
        {
            WriteBenchmarks(package.Workbook.Worksheets.Add(BenchmarkSheet), report);
        }

        package.Workbook.Properties.Title = LedgerLayout.Title(report.ListTitle, report.Filter);
        package.SaveAs(output);
    }

    public const string BenchmarkSheet = "对标差距";

    public static readonly string[] BenchmarkHeaders = ["序号", "指标", "指标项", "全省最佳表现", "单位", "方向", "本县现值", "期间", "差距", "达标情况"];

    /// <summary>The 对标差距 sheet alone (<c>export benchmarks</c>): the same sheet as in the ledger.</summary>
    public static void WriteBenchmarksOnly(LedgerReport report, Stream output)
    {
        using var package = SheetLayout.NewWorkbook();
        WriteBenchmarks(package.Workbook.Worksheets.Add(BenchmarkSheet), report);
        package.Workbook.Properties.Title = LedgerLayout.Title(report.ListTitle, report.Filter, BenchmarkSheet);
        package.SaveAs(output);
    }

    /// <summary>
    /// One row per 对标指标项: the province's best and the county's value as numbers (是/否 for a yes/no metric), 期间 as a
    /// month, 差距 signed so that positive is behind, and 达标情况 with the row filled as the portal colours it.
    /// </summary>
    private static void WriteBenchmarks(ExcelWorksheet sheet, LedgerReport report)
    {
        const int headerRow = 3;
        var rows = report.Benchmarks ?? [];
        Title(sheet, report, BenchmarkSheet, BenchmarkHeaders.Length);
        Header(sheet, headerRow, BenchmarkHeaders, [6, 14, 24, 12, 8, 10, 10, 10, 10, 10]);
        var plain = CellStyle(sheet.Workbook, "对标", null);
        var styles = new Dictionary<Domain.Benchmarking.Attainment, string>
        {
            [Domain.Benchmarking.Attainment.Reached] = CellStyle(sheet.Workbook, "对标已达到", Fills[TrafficLight.Green]),
            [Domain.Benchmarking.Attainment.Near] = CellStyle(sheet.Workbook, "对标接近", Fills[TrafficLight.Yellow]),
            [Domain.Benchmarking.Attainment.Behind] = CellStyle(sheet.Workbook, "对标差距较大", Fills[TrafficLight.Red]),
        };
        var row = headerRow;
        foreach (var metric in rows)
        {
            row++;
            var a = metric.Assessment;
            sheet.Cells[row, 1, row, BenchmarkHeaders.Length].StyleName = styles.GetValueOrDefault(a.State, plain);
            sheet.SetValue(row, 1, row - headerRow);
            sheet.SetText(row, 2, $"{metric.IndicatorNumber}. {metric.Indicator}");
            sheet.SetText(row, 3, metric.Metric);
            sheet.SetValue(row, 4, metric.IsYesNo ? "是" : metric.Best);
            sheet.SetText(row, 5, metric.IsYesNo ? null : metric.Unit);
            sheet.SetValue(row, 6, Domain.Benchmarking.BenchmarkRules.ToChinese(metric.Direction));
            sheet.SetValue(row, 7, a.Value is { } value ? (metric.IsYesNo ? Domain.Benchmarking.BenchmarkRules.Format(value, true) : value) : null);
            sheet.SetValue(row, 8, metric.Period is { } period ? Date(period) : null);
            sheet.SetValue(row, 9, metric.IsYesNo ? Domain.Benchmarking.BenchmarkRules.GapText(a, true, "") : a.Gap);
            sheet.SetValue(row, 10, Domain.Benchmarking.BenchmarkRules.ToChinese(a.State));
        }

        var last = Math.Max(row, headerRow + 1);
        sheet.Cells[headerRow + 1, 8, last, 8].Style.Numberformat.Format = "yyyy\"年\"m\"月\"";
        // Numbers as the office writes them (0.5, 34299, 94.66): General; the gap with its sign, as the portal shows it.
        sheet.Cells[headerRow + 1, 9, last, 9].Style.Numberformat.Format = "+General;-General;0";
        Table(sheet, headerRow, headerRow, BenchmarkHeaders.Length);
        sheet.Cells[headerRow, 1, row, BenchmarkHeaders.Length].AutoFilter = true;
        Print(sheet, report, headerRow);
    }

    private static void WriteLedger(ExcelWorksheet sheet, LedgerReport report)
    {
        const int headerRow = 3;
        Title(sheet, report, LedgerLayout.Sheet, Headers.Length);
        Header(sheet, headerRow, Headers, LedgerLayout.Widths);
        // 导出校验 is for the import only (see LedgerLayout.ChecksumOf): hidden on screen and on paper.
        sheet.Column(LedgerLayout.Column(LedgerLayout.Checksum)).Hidden = true;
        // One named style per light (fill, borders, wrapping): assigning a style by name is far cheaper in EPPlus
        // than changing style properties cell by cell on a city-scale ledger.
        var plain = CellStyle(sheet.Workbook, "台账", null);
        var styles = Fills.ToDictionary(f => f.Key, f => CellStyle(sheet.Workbook, "台账" + f.Key, f.Value));

        var row = headerRow;
        var problems = 0;
        foreach (var item in report.Rows)
        {
            row++;
            // The style first: assigning a named style replaces the cell's style, quote prefix included.
            sheet.Cells[row, 1, row, Headers.Length].StyleName = item.Light is { } light ? styles[light] : plain;
            var due = LedgerLayout.DueText(item.DueDate, item.IsLongTerm);
            // 序号 counts problems: an indicator without problems is a line of the table but no item of it.
            sheet.SetValue(row, 1, item.ProblemOrdinal is null ? null : ++problems);
            sheet.SetValue(row, 2, item.ProblemNumber);
            sheet.SetText(row, 3, $"{item.IndicatorNumber}. {item.Indicator}");
            sheet.SetText(row, 4, item.ProblemOrdinal is { } ordinal ? $"{ordinal}.{item.Problem}" : LedgerLayout.NoProblems);
            sheet.SetText(row, 5, item.Measures);
            sheet.SetText(row, 6, item.ResponsibleUnit);
            sheet.SetText(row, 7, item.Leader);
            // A date as a date cell (it sorts and filters as one; the importer reads it back), 长期坚持 as text.
            sheet.SetValue(row, 8, item.DueDate is { } date ? Date(date) : due.Length == 0 ? null : due);
            sheet.SetValue(row, 9, item.Status?.ToChinese());
            sheet.SetValue(row, 10, item.Light?.ToChinese());
            sheet.SetValue(row, 11, item.PercentComplete is { } p ? p / 100.0 : null);
            sheet.SetText(row, 12, item.LatestProgress);
            sheet.SetValue(row, 13, item.LatestReportDate is { } reported ? Date(reported) : null);
            sheet.SetValue(row, 14, item.Status is null ? null : item.IsOverdue ? "是" : "否");
            sheet.SetValue(row, LedgerLayout.Column(LedgerLayout.UrgeLevel), item.UrgeLevel?.ToChinese());
            sheet.SetText(row, LedgerLayout.Column(LedgerLayout.ClosureNote), item.ClosureNote);
            sheet.SetText(row, LedgerLayout.Column(LedgerLayout.ReviewComment), item.ReviewComment);
            sheet.SetValue(row, LedgerLayout.Column(LedgerLayout.Checksum), item.ProblemOrdinal is null ? null : LedgerLayout.ChecksumOf(item.Measures, due, item.ResponsibleUnit));
        }

        // 问题编号 as text: "1-2" typed again in Excel or WPS must not turn into a date (1月2日).
        var lastRow = Math.Max(row, headerRow + 1);
        sheet.Cells[headerRow + 1, 2, lastRow, 2].Style.Numberformat.Format = "@";
        sheet.Cells[headerRow + 1, 8, lastRow, 8].Style.Numberformat.Format = DateFormat;
        sheet.Cells[headerRow + 1, 11, lastRow, 11].Style.Numberformat.Format = "0%";
        sheet.Cells[headerRow + 1, 13, lastRow, 13].Style.Numberformat.Format = DateFormat;
        Table(sheet, headerRow, headerRow, Headers.Length);
        sheet.Cells[headerRow, 1, row, Headers.Length].AutoFilter = true;
        Print(sheet, report, headerRow);
    }

    private static void WriteSummary(ExcelWorksheet sheet, LedgerReport report)
    {
        string[] headers = ["责任单位", "负责问题", "已销号", "逾期", "按期销号率"];
        const int headerRow = 3;
        Title(sheet, report, "各单位整改情况汇总", headers.Length);
        Header(sheet, headerRow, headers, [30, 10, 10, 10, 12]);
        var row = headerRow;
        foreach (var unit in report.Rows.Where(r => r.Status is not null && r.ResponsibleUnit is not null).GroupBy(r => r.ResponsibleUnit!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            row++;
            sheet.Cells[row, 1].SetText(unit.Key);
            sheet.Cells[row, 2].Value = unit.Count();
            sheet.Cells[row, 3].Value = unit.Count(r => r.Status == ProblemStatus.Closed);
            sheet.Cells[row, 4].Value = unit.Count(r => r.IsOverdue);
            sheet.Cells[row, 5].Value = ScoreboardRules.Describe(ScoreboardRules.OnTimePercent(unit.Select(r => new ClosureOutcome(r.Status!.Value, r.DueDate, r.ClosedAtUtc)), report.AsOf));
        }

        Table(sheet, headerRow, row, headers.Length);
        Print(sheet, report, headerRow);
    }

    private static void WriteEntries(ExcelWorksheet sheet, LedgerReport report)
    {
        string[] headers = ["进展日期", "指标", "问题", "类型", "进展内容", "完成进度", "填写人", "佐证材料"];
        const int headerRow = 3;
        Title(sheet, report, "整改进展明细", headers.Length);
        Header(sheet, headerRow, headers, [11, 14, 8, 9, 48, 8, 10, 26]);
        var row = headerRow;
        foreach (var entry in report.Entries)
        {
            row++;
            sheet.Cells[row, 1].Value = Date(entry.Date);
            sheet.Cells[row, 2].SetText(entry.Indicator);
            sheet.Cells[row, 3].Value = entry.ProblemOrdinal is { } o ? $"问题 {o}" : null;
            sheet.Cells[row, 4].Value = entry.ProblemOrdinal is null ? "对标举措" : entry.IsSupporting ? "协办进展" : "整改进展";
            sheet.Cells[row, 5].SetText(entry.Text);
            sheet.Cells[row, 6].Value = entry.PercentComplete / 100.0;
            sheet.Cells[row, 7].SetText(entry.Author);
            // File names as uploaded, one a line; a name may start like a formula.
            sheet.Cells[row, 8].SetText(entry.EvidenceFiles.Count == 0 ? null : string.Join('\n', entry.EvidenceFiles));
        }

        sheet.Cells[headerRow + 1, 1, Math.Max(row, headerRow + 1), 1].Style.Numberformat.Format = DateFormat;
        sheet.Cells[headerRow + 1, 6, Math.Max(row, headerRow + 1), 6].Style.Numberformat.Format = "0%";
        Table(sheet, headerRow, row, headers.Length);
        Print(sheet, report, headerRow);
    }

    /// <summary>A date cell shows as the portal writes dates (<see cref="ChinaTime.FormatDate"/>): 2026-12-31.</summary>
    private const string DateFormat = "yyyy-mm-dd";

    private static DateTime Date(DateOnly date) => date.ToDateTime(TimeOnly.MinValue);

    private static string CellStyle(ExcelWorkbook workbook, string name, Color? fill)
    {
        var style = workbook.Styles.CreateNamedStyle(name).Style;
        style.WrapText = true;
        style.VerticalAlignment = ExcelVerticalAlignment.Center;
        style.Border.Top.Style = style.Border.Bottom.Style = style.Border.Left.Style = style.Border.Right.Style = ExcelBorderStyle.Thin;
        if (fill is { } colour)
        {
            style.Fill.PatternType = ExcelFillStyle.Solid;
            style.Fill.BackgroundColor.SetColor(colour);
        }

        return name;
    }

    private static void Title(ExcelWorksheet sheet, LedgerReport report, string kind, int columns)
    {
        sheet.Cells[1, 1].SetText(LedgerLayout.Title(report.ListTitle, report.Filter, kind));
        sheet.Cells[1, 1, 1, columns].Merge = true;
        SheetLayout.Title(sheet.Cells[1, 1], 16);
        sheet.Cells[2, 1].SetText($"截至 {ChinaTime.FormatDate(report.AsOf)}");
        sheet.Cells[2, 1, 2, columns].Merge = true;
    }

    private static void Header(ExcelWorksheet sheet, int row, string[] headers, double[] widths)
    {
        for (var c = 0; c < headers.Length; c++)
        {
            sheet.Cells[row, c + 1].Value = headers[c];
            sheet.Column(c + 1).Width = widths[c];
        }

        var header = sheet.Cells[row, 1, row, headers.Length];
        header.Style.Font.Bold = true;
        header.Style.HorizontalAlignment = ExcelHorizontalAlignment.Center;
        header.Style.Fill.PatternType = ExcelFillStyle.Solid;
        header.Style.Fill.BackgroundColor.SetColor(Color.FromArgb(0xDD, 0xEB, 0xF7));
    }

    private static void Table(ExcelWorksheet sheet, int headerRow, int lastRow, int columns) =>
        SheetLayout.Grid(sheet.Cells[headerRow, 1, lastRow, columns]);

    private static void Print(ExcelWorksheet sheet, LedgerReport report, int headerRow) =>
        SheetLayout.ForPrinting(sheet, headerRow, eOrientation.Landscape, report.Issuer ?? "", $"{ChinaTime.FormatDate(report.AsOf)}导出");
}
