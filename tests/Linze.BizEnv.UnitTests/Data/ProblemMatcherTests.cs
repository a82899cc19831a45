using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Features.Imports;

namespace Linze.BizEnv.UnitTests.Data;

public class ProblemMatcherTests
{
    private static readonly ListDocument Seed = SeedFile.ReadAsync(RepoPaths.SeedList).GetAwaiter().GetResult();

    // Indicator 1 (开办企业) of the 2022 list.
    private const string Seal = "企业开办刻章费用为110-280元不等（公章、发票章、财务章、合同章），未实现免费刻章。";
    private const string Helpers = "帮办团队只是引导办事群众到相关窗口办理，做答疑咨询，未实现全流程帮办代办服务。";
    private const string OneNet = "开办企业未实现“一网统办”，还需前往政务大厅登记窗口现场办理。";
    private const string Ukey = "首次申领Ukey和发票不能在企业开办专区办理，需到税务专窗。";

    private static readonly ExistingProblem[] IndicatorOne =
        [new(11, 1, Seal), new(12, 2, Helpers), new(13, 3, OneNet), new(14, 4, Ukey)];

    private static int? OldIdAt(ProblemMatching matching, int position) => matching.Incoming.Single(p => p.Position == position).Old?.Id;

    [Fact]
    public void TheSameProblemsAreAllKeptInPlace()
    {
        var matching = ProblemMatcher.Match(IndicatorOne, [Seal, Helpers, OneNet, Ukey]);

        Assert.Equal([11, 12, 13, 14], matching.Incoming.Select(p => p.Old!.Id));
        Assert.All(matching.Incoming, p => Assert.Equal(MatchKind.Kept, p.Kind));
        Assert.Empty(matching.Removed);
    }

    [Fact]
    public void RemovingTheFirstProblemKeepsEveryOtherOnItsOwnText()
    {
        var matching = ProblemMatcher.Match(IndicatorOne, [Helpers, OneNet, Ukey]);

        Assert.Equal([12, 13, 14], matching.Incoming.Select(p => p.Old!.Id));
        Assert.All(matching.Incoming, p => Assert.Equal(MatchKind.Kept, p.Kind));
        Assert.Equal([11], matching.Removed.Select(p => p.Id));
    }

    [Fact]
    public void ARewordedProblemIsRecognisedAndAnUnrelatedOneIsNew()
    {
        const string reworded = "企业开办刻章费用为110-280元不等，未实现免费刻章，需纳入财政保障。";
        const string added = "企业注销“一网通办”平台使用率不高。";

        var matching = ProblemMatcher.Match(IndicatorOne, [Helpers, reworded, OneNet, added]);

        Assert.Equal(MatchKind.Reworded, matching.Incoming[1].Kind);
        Assert.Equal(11, OldIdAt(matching, 2));
        Assert.True(matching.Incoming[1].Similarity >= ProblemMatcher.SimilarityThreshold);
        Assert.Equal(MatchKind.Added, matching.Incoming[3].Kind);
        Assert.Null(OldIdAt(matching, 4));
        Assert.Equal([14], matching.Removed.Select(p => p.Id));
    }

    [Fact]
    public void WhiteSpaceAndPunctuationDoNotHideTheSameText()
    {
        var spaced = " 首次申领 Ukey 和发票不能在企业开办专区办理,需到税务专窗. ";

        var matching = ProblemMatcher.Match(IndicatorOne, [Seal, Helpers, spaced, OneNet]);

        Assert.Equal([11, 12, 14, 13], matching.Incoming.Select(p => p.Old!.Id));
        Assert.Equal(1.0, matching.Incoming[2].Similarity);
        Assert.Equal(MatchKind.Reworded, matching.Incoming[2].Kind); // the stored text still changes, so it is shown
        Assert.Equal(MatchKind.Kept, matching.Incoming[3].Kind);
    }

    [Fact]
    public void TheMostSimilarPairWinsWhateverThePositions()
    {
        var closeToUkey = "首次申领Ukey和发票仍不能在企业开办专区办理，还需到税务专窗。";
        var closeToOneNet = "开办企业未实现“一网通办”，仍需前往政务大厅登记窗口现场办理。";

        var matching = ProblemMatcher.Match([new(1, 1, OneNet), new(2, 2, Ukey)], [closeToUkey, closeToOneNet]);

        Assert.Equal([2, 1], matching.Incoming.Select(p => p.Old!.Id));
        Assert.All(matching.Incoming, p => Assert.Equal(MatchKind.Reworded, p.Kind));
    }

    [Fact]
    public void PositionOnlyBreaksTiesBetweenEqualTexts()
    {
        var matching = ProblemMatcher.Match([new(1, 1, Seal), new(2, 2, Helpers), new(3, 3, Seal)], [Helpers, Seal, Seal]);

        Assert.Equal([2, 1, 3], matching.Incoming.Select(p => p.Old!.Id));
    }

    [Fact]
    public void ATextBelowTheThresholdIsNotAMatchEvenInTheSamePlace()
    {
        var matching = ProblemMatcher.Match([new(1, 1, Seal)], ["企业开办刻章费用已纳入财政保障，仍需推广。"]);

        Assert.Equal(MatchKind.Added, matching.Incoming.Single().Kind);
        Assert.Equal([1], matching.Removed.Select(p => p.Id));
    }

    [Fact]
    public void AChosenPairingIsHonouredAndTheRestIsMatchedAroundIt()
    {
        var unrelated = "企业开办刻章费用已纳入财政保障，仍需推广。";

        var matching = ProblemMatcher.Match(IndicatorOne, [unrelated, Helpers, Ukey], new Dictionary<int, int?> { [1] = 11, [3] = null });

        Assert.Equal(11, OldIdAt(matching, 1));
        Assert.Equal(MatchKind.Reworded, matching.Incoming[0].Kind);
        Assert.Equal(12, OldIdAt(matching, 2));
        Assert.Equal(MatchKind.Added, matching.Incoming[2].Kind);
        Assert.Equal([13, 14], matching.Removed.Select(p => p.Id));
    }

    [Fact]
    public void SimilarityIsTheDiceCoefficientOfCharacterBigrams()
    {
        Assert.Equal(1.0, ProblemMatcher.Similarity("办理时限长", "办理时限长"));
        Assert.Equal(0.0, ProblemMatcher.Similarity("办理时限", "窗口不足"));
        // 办理 理时 时限 限长 against 办理 理时 时限 限短: 3 shared of 4 + 4.
        Assert.Equal(0.75, ProblemMatcher.Similarity("办理时限长", "办理时限短"));
        Assert.Equal("首次申领UKEY和发票", ProblemMatcher.Normalise(" 首次申领 Ｕｋｅｙ，和发票。").ToUpperInvariant());
    }

    [Fact]
    public void NoTwoDifferentProblemsOfAnIndicatorInTheSeedComeNearTheThreshold()
    {
        var closest = Seed.Indicators
            .SelectMany(i => i.Problems.SelectMany((a, x) => i.Problems.Skip(x + 1).Select(b => ProblemMatcher.Similarity(a, b))))
            .Max();

        Assert.True(closest < ProblemMatcher.SimilarityThreshold - 0.2, $"closest pair of different problems: {closest:F2}");
    }
}
