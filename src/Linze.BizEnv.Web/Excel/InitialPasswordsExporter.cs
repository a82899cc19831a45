using Linze.BizEnv.Web.Accounts;
using Linze.BizEnv.Web.Domain;
using OfficeOpenXml;
using OfficeOpenXml.Style;

namespace Linze.BizEnv.Web.Excel;

/// <summary>
/// The one-time passwords of new unit accounts as slips to print and cut apart (剪开分发), one per unit: the portal's
/// address, the unit, the account, its one-time password and how to log in. Four slips to an A4 page.
/// </summary>
public static class InitialPasswordsExporter
{
    private const int RowsPerSlip = 8;
    private const int SlipsPerPage = 4;

    public static void Write(IReadOnlyList<CreatedAccount> accounts, DateOnly date, string portalAddress, Stream output)
    {
        using var package = SheetLayout.NewWorkbook();
        var sheet = package.Workbook.Worksheets.Add("账号通知条");
        sheet.Column(1).Width = 16;
        sheet.Column(2).Width = 62;
        for (var i = 0; i < accounts.Count; i++)
        {
            WriteSlip(sheet, 1 + (i * RowsPerSlip), accounts[i], date, portalAddress);
            if ((i + 1) % SlipsPerPage == 0 && i + 1 < accounts.Count)
            {
                sheet.Row((i + 1) * RowsPerSlip).PageBreak = true;
            }
        }

        var print = sheet.PrinterSettings;
        print.PaperSize = ePaperSize.A4;
        print.Orientation = eOrientation.Portrait;
        print.FitToPage = true;
        print.FitToWidth = 1;
        print.FitToHeight = 0;
        print.HorizontalCentered = true;
        print.TopMargin = print.BottomMargin = 0.6m;
        print.LeftMargin = print.RightMargin = 0.6m;
        sheet.HeaderFooter.OddFooter.CenteredText = "分发后请销毁本表 · 第 &P 页，共 &N 页";
        package.SaveAs(output);
    }

    private static void WriteSlip(ExcelWorksheet sheet, int top, CreatedAccount account, DateOnly date, string portalAddress)
    {
        var title = sheet.Cells[top, 1, top, 2];
        title.Merge = true;
        title.Value = $"{Common.Portal.Name} 账号通知（{ChinaTime.FormatDate(date)}）";
        SheetLayout.Title(title, 13);

        (string Label, string? Value)[] lines =
        [
            ("单位", account.UnitName),
            ("网址", portalAddress),
            ("用户名", account.User.UserName),
            ("一次性密码", account.OneTimePassword),
        ];
        for (var i = 0; i < lines.Length; i++)
        {
            sheet.Cells[top + 1 + i, 1].Value = lines[i].Label;
            sheet.Cells[top + 1 + i, 2].Value = lines[i].Value;
            sheet.Cells[top + 1 + i, 1].Style.Font.Bold = true;
        }

        // Told apart at a glance: 0/O, 1/l/I.
        sheet.Cells[top + 3, 2, top + 4, 2].Style.Font.Name = "Consolas";
        sheet.Cells[top + 4, 2].Style.Font.Size = 14;

        var howTo = sheet.Cells[top + 5, 1, top + 6, 2];
        sheet.Cells[top + 5, 1].Value = "登录方法：";
        sheet.Cells[top + 5, 2].Value = "1. 用浏览器打开上面的网址，输入用户名和一次性密码，点“登录”。";
        sheet.Cells[top + 6, 2].Value = "2. 首次登录须设置新密码（至少 8 位，含大小写字母、数字和符号中的三类）；一次性密码随即作废，请勿转告他人。";
        howTo.Style.WrapText = true;
        sheet.Row(top + 6).Height = 30;
        sheet.Cells[top, 1, top + 6, 2].Style.VerticalAlignment = ExcelVerticalAlignment.Center;

        // The cut line under the slip.
        var cut = sheet.Cells[top + 7, 1, top + 7, 2];
        cut.Merge = true;
        cut.Value = "✂ - - - - - - - - - - - - - - - 沿此线剪开 - - - - - - - - - - - - - - -";
        cut.Style.Font.Color.SetColor(System.Drawing.Color.Gray);
        cut.Style.HorizontalAlignment = ExcelHorizontalAlignment.Center;
        sheet.Cells[top, 1, top + 6, 2].Style.Border.BorderAround(ExcelBorderStyle.Thin);
    }
}
