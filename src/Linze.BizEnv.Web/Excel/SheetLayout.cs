using OfficeOpenXml;
using OfficeOpenXml.Style;

namespace Linze.BizEnv.Web.Excel;

/// <summary>The table and print settings every exported sheet shares, so the office's files all print alike.</summary>
internal static class SheetLayout
{
    /// <summary>
    /// The font of every exported cell: 宋体 (SimSun), the serif face Chinese offices print tables in, installed with
    /// every Chinese Windows and WPS. Written by its Chinese name, the name Excel and WPS on an office PC know it by.
    /// </summary>
    public const string DocumentFont = "宋体";

    /// <summary>The font of a sheet's title line: 黑体 (SimHei).</summary>
    public const string TitleFont = "黑体";

    /// <summary>
    /// A new workbook whose default font is <see cref="DocumentFont"/>: every cell, and every style created later
    /// (named styles, bold headers, number formats), starts from it, and so does a cell the office types in later.
    /// </summary>
    public static ExcelPackage NewWorkbook()
    {
        var package = new ExcelPackage();
        // EPPlus 4.5 does not carry a change of the Normal named style over to the default cell format, which keeps
        // Calibri; both use the workbook's first font, so that font is renamed in place, before any style copies it.
        package.Workbook.Styles.Fonts[0].Name = DocumentFont;
        return package;
    }

    /// <summary>A title line: <see cref="TitleFont"/>, bold, centred.</summary>
    public static void Title(ExcelRange title, float size)
    {
        title.Style.Font.Name = TitleFont;
        title.Style.Font.Size = size;
        title.Style.Font.Bold = true;
        title.Style.HorizontalAlignment = ExcelHorizontalAlignment.Center;
    }

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
            sheet.HeaderFooter.OddFooter.LeftAlignedText = FooterText(footerLeft);
            sheet.HeaderFooter.OddFooter.CenteredText = $"第 {ExcelHeaderFooter.PageNumber} 页，共 {ExcelHeaderFooter.NumberOfPages} 页";
            sheet.HeaderFooter.OddFooter.RightAlignedText = FooterText(footerRight ?? "");
        }
    }

    /// <summary>A text as printed: in a header or footer "&amp;" starts a code ("&amp;B" is bold), "&amp;&amp;" prints one.</summary>
    private static string FooterText(string text) => text.Replace("&", "&&", StringComparison.Ordinal);
}
