using OfficeOpenXml;

namespace Linze.BizEnv.Web.Excel;

/// <summary>A metric of the template: its indicator, its name, and how its value is written (是/否, or a number of its unit).</summary>
public sealed record ReadingTemplateRow(int IndicatorNumber, string Indicator, string Metric, bool IsYesNo, string Unit);

/// <summary>
/// The 本县现值 template (<see cref="ReadingsImporter"/>'s layout): a title, the header 指标 | 指标项 | 期间 | 本县值 | 来源, one row
/// per metric with 期间 set to this month, and a note column saying how to write the value. Explicit widths (no GDI on Linux).
/// </summary>
public static class ReadingsTemplate
{
    public static void Write(IReadOnlyList<ReadingTemplateRow> rows, DateOnly today, Stream output)
    {
        using var package = SheetLayout.NewWorkbook();
        var sheet = package.Workbook.Worksheets.Add("本县现值");
        sheet.Cells[1, 1].SetText($"本县现值填报表（{today.Year}年{today.Month}月）");
        sheet.Cells[1, 1, 1, 6].Merge = true;
        SheetLayout.Title(sheet.Cells[1, 1], 16);
        sheet.Cells[2, 1].SetText("每行填一个指标项的本县值和来源；期间可改为其他已过去的月份。同一月份再次导入不同数值视为更正。");
        sheet.Cells[2, 1, 2, 6].Merge = true;
        string[] headers = [.. ReadingsImporter.Headers, "填写说明"];
        double[] widths = [18, 24, 10, 10, 30, 20];
        for (var c = 0; c < headers.Length; c++)
        {
            sheet.Cells[3, c + 1].Value = headers[c];
            sheet.Column(c + 1).Width = widths[c];
        }

        sheet.Cells[3, 1, 3, headers.Length].Style.Font.Bold = true;
        var month = $"{today:yyyy-MM}";
        for (var i = 0; i < rows.Count; i++)
        {
            var row = i + 4;
            var metric = rows[i];
            sheet.SetText(row, 1, $"{metric.IndicatorNumber}. {metric.Indicator}");
            sheet.SetText(row, 2, metric.Metric);
            sheet.SetText(row, 3, month);
            sheet.SetText(row, 6, metric.IsYesNo ? "填“是”或“否”" : $"填数值，单位：{metric.Unit}");
        }

        // 期间 as text, so that Excel does not turn 2026-11 into a day.
        sheet.Cells[4, 3, Math.Max(4, rows.Count + 3), 3].Style.Numberformat.Format = "@";
        SheetLayout.Grid(sheet.Cells[3, 1, rows.Count + 3, headers.Length]);
        sheet.View.FreezePanes(4, 1);
        package.SaveAs(output);
    }
}
