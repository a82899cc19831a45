using Linze.BizEnv.Web.Accounts;
using Linze.BizEnv.Web.Domain;
using OfficeOpenXml;
using OfficeOpenXml.Style;

namespace Linze.BizEnv.Web.Excel;

/// <summary>The sheet of new unit accounts and their one-time passwords, to print and hand out once.</summary>
public static class InitialPasswordsExporter
{
    public static void Write(IReadOnlyList<CreatedAccount> accounts, DateOnly date, Stream output)
    {
        using var package = new ExcelPackage();
        var sheet = package.Workbook.Worksheets.Add("初始账号");
        string[] headers = ["序号", "责任单位", "用户名", "一次性密码", "说明"];
        double[] widths = [6, 34, 34, 20, 30];
        sheet.Cells[1, 1].Value = $"责任单位初始账号（{ChinaTime.FormatDate(date)}生成，分发后请销毁本表）";
        sheet.Cells[1, 1, 1, headers.Length].Merge = true;
        sheet.Cells[1, 1].Style.Font.Bold = true;
        sheet.Cells[1, 1].Style.Font.Size = 14;
        for (var c = 0; c < headers.Length; c++)
        {
            sheet.Cells[2, c + 1].Value = headers[c];
            sheet.Column(c + 1).Width = widths[c];
        }

        sheet.Cells[2, 1, 2, headers.Length].Style.Font.Bold = true;
        for (var i = 0; i < accounts.Count; i++)
        {
            var row = i + 3;
            sheet.Cells[row, 1].Value = i + 1;
            sheet.Cells[row, 2].Value = accounts[i].UnitName;
            sheet.Cells[row, 3].Value = accounts[i].User.UserName;
            sheet.Cells[row, 4].Value = accounts[i].OneTimePassword;
            sheet.Cells[row, 5].Value = "首次登录后须修改密码";
        }

        SheetLayout.Grid(sheet.Cells[2, 1, accounts.Count + 2, headers.Length], centreVertically: false);

        sheet.Cells[3, 4, accounts.Count + 2, 4].Style.Font.Name = "Consolas";
        SheetLayout.ForPrinting(sheet, 2, eOrientation.Portrait);
        package.SaveAs(output);
    }
}
