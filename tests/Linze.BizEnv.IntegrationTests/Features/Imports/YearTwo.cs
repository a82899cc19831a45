using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Excel;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Imports;

/// <summary>
/// The second year of the 2022 list, as the county would revise it: indicator 1 (开办企业) loses its first problem,
/// rewords its third and gains a new one; units may be renamed. Texts are those of the seed.
/// </summary>
public static class YearTwo
{
    public static readonly ListDocument Seed = SeedFile.ReadAsync(RepoPaths.SeedList).GetAwaiter().GetResult();

    public static IndicatorDocument One => Seed.Indicators[0];

    /// <summary>Problem 1: 刻章 fees.</summary>
    public static string Seal => One.Problems[0];

    public static string Helpers => One.Problems[1];

    public static string OneNet => One.Problems[2];

    public static string Ukey => One.Problems[3];

    /// <summary>Problem 3 reworded: the same problem, said a little differently.</summary>
    public const string OneNetReworded = "开办企业未实现“一网通办”，仍需前往政务大厅登记窗口现场办理。";

    /// <summary>A problem that was not in the 2022 list.</summary>
    public const string Added = "企业注销“一网通办”平台使用率不高。";

    /// <summary>Problem 1 rewritten past recognition: only the office can tell it is the same problem.</summary>
    public const string SealRewritten = "企业开办刻章费用已纳入财政保障，仍需推广。";

    public const string MarketUnit = "县市场监管局";

    public const string MarketUnitRenamed = "县市场监管总局";

    /// <summary>The 2022 list with indicator 1's problems replaced.</summary>
    public static ListDocument WithIndicatorOne(params string[] problems) => With(1, i => i with { Problems = problems });

    /// <summary>Indicator 1 without problem 1, with problem 3 reworded and a new problem 4.</summary>
    public static ListDocument Revised() => WithIndicatorOne(Helpers, OneNetReworded, Ukey, Added);

    /// <summary>The list with one unit renamed in every indicator, or only in <paramref name="onlyIndicator"/>.</summary>
    public static ListDocument UnitRenamed(ListDocument list, string from, string to, int? onlyIndicator = null)
    {
        IReadOnlyList<string> Rename(IReadOnlyList<string> names) => [.. names.Select(n => n == from ? to : n)];
        return list with
        {
            Indicators = [.. list.Indicators.Select(i => onlyIndicator is { } only && i.Number != only ? i
                : i with { LeadUnits = Rename(i.LeadUnits), DeputyUnits = Rename(i.DeputyUnits), MemberUnits = Rename(i.MemberUnits) })],
        };
    }

    public static ListDocument With(int number, Func<IndicatorDocument, IndicatorDocument> change) =>
        Seed with { Indicators = [.. Seed.Indicators.Select(i => i.Number == number ? change(i) : i)] };

    public static byte[] Workbook(ListDocument list)
    {
        using var stream = new MemoryStream();
        OriginalListExporter.Write(list, stream);
        return stream.ToArray();
    }

    /// <summary>Indicator 1's problems, archived ones included, by id.</summary>
    public static Task<Problem[]> IndicatorOneProblemsAsync(BizEnvFactory portal) => portal.WithDbAsync(db =>
        db.Problems.IgnoreQueryFilters().AsNoTracking().Where(p => p.Indicator.Number == 1).OrderBy(p => p.Id).ToArrayAsync());

    /// <summary>The ids of indicator 1's 2022 problems, in their order.</summary>
    public static async Task<int[]> OriginalIdsAsync(BizEnvFactory portal) => [.. (await IndicatorOneProblemsAsync(portal)).OrderBy(p => p.Ordinal).Select(p => p.Id)];
}
