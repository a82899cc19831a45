using Linze.BizEnv.Web.Domain;
using OfficeOpenXml;
using OfficeOpenXml.Style;

namespace Linze.BizEnv.Web.Excel;

/// <summary>
/// Writes a list in the document's own layout: a title row, the header row
/// <c>序号 | 指标 | 全省最佳表现 | 存在问题 | 责任领导 | 责任单位</c>, then one row per indicator.
/// Column widths are set explicitly: EPPlus 4.5's AutoFit needs GDI+, which Linux lacks.
/// </summary>
public static class OriginalListExporter
{
    public const int TitleRow = 1;
    public const int HeaderRow = 2;

    public static void Write(ListDocument list, Stream output)
    {
        using var package = SheetLayout.NewWorkbook();
        var sheet = package.Workbook.Worksheets.Add("责任清单");
        var columns = OriginalListLayout.Headers.Count;

        sheet.Cells[TitleRow, 1].SetText(list.Title);
        using (var title = sheet.Cells[TitleRow, 1, TitleRow, columns])
        {
            title.Merge = true;
            SheetLayout.Title(title, 16);
        }

        for (var c = 0; c < columns; c++)
        {
            sheet.Cells[HeaderRow, c + 1].Value = OriginalListLayout.Headers[c];
            sheet.Column(c + 1).Width = OriginalListLayout.ColumnWidths[c];
        }

        sheet.Cells[HeaderRow, 1, HeaderRow, columns].Style.Font.Bold = true;
        sheet.Cells[HeaderRow, 1, HeaderRow, columns].Style.HorizontalAlignment = ExcelHorizontalAlignment.Center;

        var row = HeaderRow;
        foreach (var indicator in list.Indicators)
        {
            row++;
            sheet.Cells[row, 1].Value = indicator.Number;
            sheet.Cells[row, 2].SetText(indicator.Name);
            sheet.Cells[row, 3].SetText(indicator.ProvinceBest);
            sheet.Cells[row, 4].SetText(OriginalListLayout.FormatProblems(indicator.Problems));
            sheet.Cells[row, 5].SetText(indicator.Leader);
            sheet.Cells[row, 6].SetText(OriginalListLayout.FormatUnits(indicator));
        }

        SheetLayout.Grid(sheet.Cells[HeaderRow, 1, row, columns]);

        sheet.Cells[HeaderRow + 1, 1, row, 2].Style.HorizontalAlignment = ExcelHorizontalAlignment.Center;
        sheet.Cells[HeaderRow + 1, 5, row, 5].Style.HorizontalAlignment = ExcelHorizontalAlignment.Center;
        // The footer the document carries: "临泽县人民政府办公室    2022年6月24日印发".
        if (list.IssuingOffice is not null || list.IssueDate is not null)
        {
            var footer = row + 2;
            sheet.Cells[footer, 1].Value = $"{list.IssuingOffice}    {list.IssueDate?.ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture)}印发".Trim();
            sheet.Cells[footer, 1, footer, columns].Merge = true;
            sheet.Cells[footer, 1].Style.HorizontalAlignment = ExcelHorizontalAlignment.Right;
        }

        SheetLayout.ForPrinting(sheet, HeaderRow, eOrientation.Landscape,
            list.IssuingOffice ?? "", list.IssueDate is { } issued ? $"{issued:yyyy年M月d日}印发" : "");

        package.Workbook.Properties.Title = list.Title;
        package.Workbook.Properties.Company = list.IssuingOffice ?? "";
        package.SaveAs(output);
    }
}
