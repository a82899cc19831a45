using Linze.BizEnv.Web.Domain.Rectification;

namespace Linze.BizEnv.UnitTests.Domain;

public class UrgeLevelsTests
{
    private static readonly UrgeOptions Defaults = new();

    [Theory]
    [InlineData(null, null)]
    [InlineData(0, null)] // due today: not overdue
    [InlineData(1, UrgeLevel.Blue)]
    [InlineData(7, UrgeLevel.Blue)]
    [InlineData(8, UrgeLevel.Yellow)]
    [InlineData(30, UrgeLevel.Yellow)]
    [InlineData(31, UrgeLevel.Red)]
    [InlineData(1000, UrgeLevel.Red)]
    public void TheOverdueDaysDecideTheLevelAtItsBoundaries(int? overdueDays, UrgeLevel? expected) =>
        Assert.Equal(expected, UrgeLevels.For(overdueDays, Defaults));

    [Theory]
    [InlineData(3, UrgeLevel.Blue)]
    [InlineData(4, UrgeLevel.Yellow)]
    [InlineData(10, UrgeLevel.Yellow)]
    [InlineData(11, UrgeLevel.Red)]
    public void TheThresholdsAreConfigurable(int overdueDays, UrgeLevel expected) =>
        Assert.Equal(expected, UrgeLevels.For(overdueDays, new UrgeOptions { BlueDays = 3, YellowDays = 10 }));

    [Fact]
    public void EachLevelHasItsChineseName() =>
        Assert.Equal(["蓝色督办", "黄色督办", "红色督办"], new[] { UrgeLevel.Blue, UrgeLevel.Yellow, UrgeLevel.Red }.Select(l => l.ToChinese()));
}
