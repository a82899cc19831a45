using Linze.BizEnv.Web.Accounts;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Excel;
using OfficeOpenXml;

namespace Linze.BizEnv.UnitTests.Excel;

public class InitialPasswordsExporterTests
{
    [Fact]
    public void TheSlipsAreSetInSongTiWithTheTitleInHeiTiAndTheAccountAndPasswordInConsolas()
    {
        var stream = new MemoryStream();
        InitialPasswordsExporter.Write([new CreatedAccount(new AppUser { UserName = "shichang" }, "Ab1-lO0x", "县市场监管局")], new DateOnly(2026, 11, 27), "https://bizenv.example", stream);
        stream.Position = 0;
        using var package = new ExcelPackage(stream);
        var sheet = package.Workbook.Worksheets["账号通知条"];

        Assert.Equal(("用户名", "shichang", "Ab1-lO0x"), (sheet.Cells["A4"].Text, sheet.Cells["B4"].Text, sheet.Cells["B5"].Text));
        Assert.Equal("黑体", sheet.Cells["A1"].Style.Font.Name);
        Assert.Equal(["宋体", "宋体", "宋体"], new[] { "A2", "B2", "B6" }.Select(a => sheet.Cells[a].Style.Font.Name));
        Assert.Equal(["Consolas", "Consolas"], new[] { "B4", "B5" }.Select(a => sheet.Cells[a].Style.Font.Name));
    }
}
