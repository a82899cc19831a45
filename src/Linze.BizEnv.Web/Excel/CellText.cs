using OfficeOpenXml;

namespace Linze.BizEnv.Web.Excel;

/// <summary>Writes text so that Excel shows it as text and never takes it for a formula.</summary>
public static class CellText
{
    /// <summary>
    /// Sets a text value. Text starting with = + - @, a tab or a carriage return is stored as a string (never as a
    /// formula) and flagged with Excel's quote prefix, so it stays text even when someone edits the cell.
    /// </summary>
    public static void SetText(this ExcelRange cell, string? text)
    {
        cell.Value = text;
        if (LooksLikeFormula(text))
        {
            cell.Style.QuotePrefix = true;
        }
    }

    /// <summary>The same, straight into the sheet's cell store: no range object per cell, for sheets of many rows.</summary>
    public static void SetText(this ExcelWorksheet sheet, int row, int column, string? text)
    {
        sheet.SetValue(row, column, text);
        if (LooksLikeFormula(text))
        {
            sheet.Cells[row, column].Style.QuotePrefix = true;
        }
    }

    private static bool LooksLikeFormula(string? text) => text is { Length: > 0 } && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
}
