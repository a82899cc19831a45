using OfficeOpenXml;
using OfficeOpenXml.Style;

namespace Linze.BizEnv.Web.Excel;

/// <summary>The table and print settings every exported sheet shares, so the office's files all print alike.</summary>
internal static class SheetLayout
{
    /// <summary>Thin borders on every cell, wrapped text, and (for tables of long texts) vertically centred rows.</summary>
    public static void Grid(ExcelRange table, bool centreVertically = true)
    {
        table.Style.WrapText = true;
        if (centreVertically)
        {
            table.Style.VerticalAlignment = ExcelVerticalAlignment.Center;
        }

        table.Style.Border.Top.Style = table.Style.Border.Bottom.Style = ExcelBorderStyle.Thin;
        table.Style.Border.Left.Style = table.Style.Border.Right.Style = ExcelBorderStyle.Thin;
    }

    /// <summary>
    /// A4, one page wide, the header row frozen and repeated on every printed page; with <paramref name="footerLeft"/>
    /// a footer of that text, the page number and <paramref name="footerRight"/>.
    /// </summary>
    public static void ForPrinting(ExcelWorksheet sheet, int headerRow, eOrientation orientation, string? footerLeft = null, string? footerRight = null)
    {
        sheet.View.FreezePanes(headerRow + 1, 1);
        sheet.PrinterSettings.PaperSize = ePaperSize.A4;
        sheet.PrinterSettings.Orientation = orientation;
        sheet.PrinterSettings.RepeatRows = sheet.Cells[$"{headerRow}:{headerRow}"];
        sheet.PrinterSettings.FitToPage = true;
        sheet.PrinterSettings.FitToWidth = 1;
        sheet.PrinterSettings.FitToHeight = 0;
        if (footerLeft is not null)
        {
            sheet.HeaderFooter.OddFooter.LeftAlignedText = footerLeft;
            sheet.HeaderFooter.OddFooter.CenteredText = $"第 {ExcelHeaderFooter.PageNumber} 页，共 {ExcelHeaderFooter.NumberOfPages} 页";
            sheet.HeaderFooter.OddFooter.RightAlignedText = footerRight ?? "";
        }
    }
}
