using Linze.BizEnv.Web.Accounts;
using Linze.BizEnv.Web.Workflow;

namespace Linze.BizEnv.UnitTests.Accounts;

public class LoginDefencesTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 27, 1, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void TheAddressThrottleBlocksAtTheTenthFailureAndForgetsAfterFifteenMinutes()
    {
        var clock = new Clock();
        var throttle = new ClientAddressThrottle(clock);
        for (var i = 1; i < ClientAddressThrottle.MaxFailuresPerAddress; i++)
        {
            Assert.False(throttle.RegisterFailure("127.0.0.9"));
        }

        Assert.True(throttle.RegisterFailure("127.0.0.9"));
        Assert.True(throttle.IsLockedOut("127.0.0.9"));
        Assert.False(throttle.IsLockedOut("127.0.0.8"));
        clock.Now += TimeSpan.FromMinutes(16);
        Assert.False(throttle.IsLockedOut("127.0.0.9"));
    }

    [Fact]
    public void AFloodOfDistinctKeysNeverGrowsTheThrottleBeyondItsBound()
    {
        var throttle = new ClientAddressThrottle(new Clock());
        for (var i = 0; i < FailureThrottle.MaxTracked * 3; i++)
        {
            throttle.RegisterFailure("name-" + i);
        }

        Assert.True(throttle.Count <= FailureThrottle.MaxTracked, $"{throttle.Count} keys kept");
    }

    [Theory]
    [InlineData("县市场监管局", "县市场监管局")]
    [InlineData("县 空格\t单位", "县空格单位")]
    [InlineData("县法院", "县法院2")]
    public void AUnitsAccountNameHasNoSpacesAndIsFreeWhenTaken(string unit, string expected) =>
        Assert.Equal(expected, AccountService.AccountNameFor(unit, name => name == "县法院"));

    [Fact]
    public void AnOverLongUnitNameIsCutToSixtyFourCharactersAndStillDistinct()
    {
        var unit = "县" + new string('长', 90);
        var first = AccountService.AccountNameFor(unit, _ => false)!;
        var second = AccountService.AccountNameFor(unit, name => name == first)!;
        Assert.Equal(64, first.Length);
        Assert.Equal(64, second.Length);
        Assert.NotEqual(first, second);
        Assert.Null(AccountService.AccountNameFor(" 县 ", _ => false));
    }

    [Theory]
    [InlineData("整改报告.pdf.cmd", "application/pdf", "整改报告.pdf.cmd.pdf")]
    [InlineData("照片.svg", "image/png", "照片.svg.png")]
    [InlineData("照片.JPG", "image/jpeg", "照片.JPG")]
    [InlineData("会议纪要.wps", "application/x-ole-storage", "会议纪要.wps")]
    [InlineData("台账.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "台账.xlsx")]
    [InlineData("无扩展名", "application/ofd", "无扩展名.ofd")]
    public void AnEvidenceFileKeepsAnExtensionItsContentHas(string name, string contentType, string kept) =>
        Assert.Equal(kept, EvidenceStore.NameFor(name, contentType));

    [Fact]
    public async Task ARequestWhoseClientHungUpIsAnswered499NotAServerError()
    {
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestAborted = aborted.Token };

        await Linze.BizEnv.Web.Configuration.ClientDisconnects.HandleAsync(context, _ => throw new TaskCanceledException());

        Assert.Equal(499, context.Response.StatusCode);
        await Assert.ThrowsAsync<TaskCanceledException>(() =>
            Linze.BizEnv.Web.Configuration.ClientDisconnects.HandleAsync(new Microsoft.AspNetCore.Http.DefaultHttpContext(), _ => throw new TaskCanceledException()));
    }

    [Theory]
    [InlineData("ad\u034Fmin")]
    [InlineData("admin\uFE0F")]
    [InlineData("\u3164admin")]
    [InlineData("admin\U000E0020")]
    [InlineData("\u202Enimda")]
    public void NamesThatShowAsAnotherAreSeen(string name)
    {
        Assert.True(Linze.BizEnv.Web.Domain.PlainText.HasInvisible(name));
        Assert.DoesNotContain(Linze.BizEnv.Web.Domain.PlainText.WithoutInvisible(name).EnumerateRunes(), Linze.BizEnv.Web.Domain.PlainText.IsInvisible);
    }
}
