using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.IntegrationTests.Features.Units;

/// <summary>
/// Names sort and match by code point on every provider, as SQLite compares them: the PostgreSQL test cluster's default
/// collation is Chinese (ICU zh-CN, which would sort 甲 before 乙 and a beside A), so only the columns' own "C"
/// collation keeps the order the same (ADR-0018).
/// </summary>
public class UnitNameOrderTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private async Task<IReadOnlyList<string>> AddUnitsAsync(params string[] stems)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var names = stems.Select(s => s + suffix).ToList();
        await portal.WithDbAsync(db =>
        {
            db.Units.AddRange(names.Select(n => new Unit { Name = n }));
            return db.SaveChangesAsync();
        });
        return names;
    }

    [Fact]
    public async Task TheUnitListIsInCodePointOrderAsOnSqlite()
    {
        var names = await AddUnitsAsync("县甲局", "县a局", "县乙局", "县A局", "县中局");

        var page = await HtmlPage.GetAsync(await portal.ViewerClientAsync(), "/units?q=" + Uri.EscapeDataString(names[0][3..]));

        Assert.Equal(names.Order(StringComparer.Ordinal), page.Rows("unit-table").Select(r => r[0]));
        Assert.Equal(["县A局", "县a局", "县中局", "县乙局", "县甲局"], page.Rows("unit-table").Select(r => r[0][..3]));
    }

    [Fact]
    public async Task TheUnitSearchTellsUpperFromLowerCaseAsOnSqlite()
    {
        var names = await AddUnitsAsync("县Big局", "县big局");

        var page = await HtmlPage.GetAsync(await portal.ViewerClientAsync(), "/units?q=" + Uri.EscapeDataString("big局" + names[0][^6..]));

        Assert.Equal([names[1]], page.Rows("unit-table").Select(r => r[0]));
    }
}
