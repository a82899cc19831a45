namespace Linze.BizEnv.Web.Excel;

/// <summary>A workbook the importer will not take. The message is Chinese and names the sheet and cell where a row is at fault.</summary>
public class ImportRefusedException(string message) : Exception(message)
{
    public static ImportRefusedException At(string sheet, string cell, string problem) => new($"{sheet}!{cell}：{problem}");
}
