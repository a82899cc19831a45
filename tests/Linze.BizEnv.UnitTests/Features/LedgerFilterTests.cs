using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Features.Reports;

namespace Linze.BizEnv.UnitTests.Features;

public class LedgerFilterTests
{
    private static readonly DateOnly Day = new(2026, 11, 27);

    [Fact]
    public void TheFileNameSaysWhatTheLedgerIsNarrowedTo()
    {
        Assert.Equal("整改台账-20261127.xlsx", new LedgerFilter().FileName(Day));
        Assert.Equal("整改台账-责任领导周延年-20261127.xlsx", new LedgerFilter(Leader: "周延年").FileName(Day));
        Assert.Equal("整改台账-责任领导周延年-责任单位县财政局-状态已销号-20261127.xlsx", new LedgerFilter("周延年", "县财政局", ProblemStatus.Closed).FileName(Day));
    }

    [Fact]
    public void ANameWithCharactersWindowsRefusesInFileNamesIsStillAFileName() =>
        Assert.Equal("整改台账-责任单位县发改局_粮食局__-20261127.xlsx", new LedgerFilter(Unit: "县发改局/粮食局:\t?").FileName(Day));

    [Fact]
    public void ANameFromTheQueryStringLosesItsInvisibleCharactersAndIsCut()
    {
        var name = new LedgerFilter(Leader: "周\u202E延年\u200B" + new string('长', 5000)).FileName(Day);

        Assert.DoesNotContain('\u202E', name);
        Assert.DoesNotContain('\u200B', name);
        Assert.StartsWith("整改台账-责任领导周延年长", name, StringComparison.Ordinal);
        Assert.EndsWith("长-20261127.xlsx", name, StringComparison.Ordinal);
        Assert.Equal("整改台账-".Length + LedgerFilter.MaxNarrowedChars + "-20261127.xlsx".Length, name.Length);
    }
}
