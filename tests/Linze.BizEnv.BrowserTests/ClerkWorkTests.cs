using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Linze.BizEnv.BrowserTests;

/// <summary>A unit clerk at a desk (1440×900) and on a phone (390 px): what waits for them, and correcting their own entries.</summary>
[Collection(BrowserCollection.Name)]
public class ClerkWorkTests(BrowserPortal portal)
{
    /// <summary>A fresh problem under 优化营商环境 indicator <paramref name="indicator"/>, answered for by its lead unit; returns its id and the unit's name.</summary>
    private Task<(int Id, string Unit)> NewProblemAsync(int indicator) => portal.Factory.WithDbAsync(async db =>
    {
        var i = await db.Indicators.Include(x => x.Units).ThenInclude(u => u.Unit).SingleAsync(x => x.Number == indicator);
        var lead = i.Units.Where(u => u.Role == UnitRole.Lead).OrderBy(u => u.SortOrder).First();
        var ordinal = await db.Problems.Where(p => p.IndicatorId == i.Id).MaxAsync(p => (int?)p.Ordinal) ?? 0;
        var problem = Problem.Create(ordinal + 1, "浏览器测试问题" + Guid.NewGuid().ToString("N")[..6], lead);
        var today = ChinaTime.Today(portal.Factory.Clock);
        problem.SetSchedule(today.AddDays(60), today.AddDays(-30), lead.UnitId);
        i.Problems.Add(problem);
        await db.SaveChangesAsync();
        return (problem.Id, lead.Unit.Name);
    });

    [Theory]
    [InlineData(1440, 900, "desktop")]
    [InlineData(390, 844, "phone")]
    public async Task AClerkSeesWhatWaitsInTheMenuOnTheHomePageAndWhyOnMyWork(int width, int height, string device)
    {
        var (id, unitName) = await NewProblemAsync(width > 1000 ? 2 : 3);
        await portal.Factory.WithDbAsync(db =>
        {
            db.Instructions.Add(Instruction.Write(db.Problems.Single(p => p.Id == id).IndicatorId, id, "请本周内报送整改进展。", "县领导"));
            return db.SaveChangesAsync();
        });
        await using var tab = await portal.OpenAsync(width, height);
        await tab.LoginAsync(await portal.CreateUserAsync(Roles.Unit, unitName));

        await tab.Page.GotoAsync("/");
        Assert.Contains("条领导批示待回复", await tab.Page.Locator("#waiting-for-unit").InnerTextAsync(), StringComparison.Ordinal);
        if (width < 768)
        {
            await tab.Page.GetByRole(AriaRole.Button, new() { Name = "展开菜单" }).ClickAsync();
        }

        var badge = tab.Page.Locator("#my-work-count");
        await badge.WaitForAsync();
        Assert.True(int.Parse((await badge.InnerTextAsync()).Trim()[..1], System.Globalization.CultureInfo.InvariantCulture) > 0);
        await tab.ScreenshotAsync($"home-waiting-{device}");

        await tab.Page.Locator("#nav-my-work").ClickAsync();
        var item = tab.Page.Locator($"#work-items a[href='/problems/{id}']");
        Assert.Contains("待回复批示 1 条", await item.InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("即将到期、进展滞后或长期未报送", await tab.Page.ContentAsync(), StringComparison.Ordinal);
        var overflow = await tab.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "我的工作 is wider than the screen");
        await tab.ScreenshotAsync($"my-work-{device}");
        tab.AssertNoConsoleErrors();
    }

    [Theory]
    [InlineData(1440, 900, "desktop")]
    [InlineData(390, 844, "phone")]
    public async Task AClerkDeletesAMistakenEntryAndConfirmsALowerPercent(int width, int height, string device)
    {
        var (id, unitName) = await NewProblemAsync(width > 1000 ? 4 : 5);
        await using var tab = await portal.OpenAsync(width, height);
        await tab.LoginAsync(await portal.CreateUserAsync(Roles.Unit, unitName));
        var page = tab.Page;
        await page.GotoAsync($"/problems/{id}");

        // A mistaken entry, deleted: the problem is as it was.
        await page.GetByLabel("进展内容").FillAsync("误填到本问题的进展。");
        await page.GetByLabel("完成进度（%）").FillAsync("35");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存进展" }).ClickAsync();
        await page.Locator("#notice").WaitForAsync();
        Assert.Equal("35%", await page.Locator("#percent").InnerTextAsync());
        await page.Locator("#timeline").GetByRole(AriaRole.Button, new() { Name = "删除" }).ClickAsync();
        await page.Locator("#notice").WaitForAsync();
        Assert.Equal("未启动", await page.Locator("#status").InnerTextAsync());
        Assert.Equal("0%", await page.Locator("#percent").InnerTextAsync());

        // 60%, then 40%: the portal asks before lowering the percent, and saves once confirmed.
        await page.GetByLabel("进展内容").FillAsync("完成窗口改造。");
        await page.GetByLabel("完成进度（%）").FillAsync("60");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存进展" }).ClickAsync();
        await page.Locator("#notice").WaitForAsync();
        await page.GetByLabel("进展内容").FillAsync("复核后下调进度。");
        await page.GetByLabel("完成进度（%）").FillAsync("40");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存进展" }).ClickAsync();
        await page.Locator("#entry-confirm").WaitForAsync();
        Assert.Contains("完成进度将由 60% 降为 40%", await page.Locator("#workflow-error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("60%", await page.Locator("#percent").InnerTextAsync());
        await page.Locator("#entry-form").ScrollIntoViewIfNeededAsync();
        await tab.ScreenshotAsync($"entry-confirm-{device}");
        await page.GetByLabel("确认无误", new() { Exact = false }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "保存进展" }).ClickAsync();
        await page.Locator("#notice").WaitForAsync();
        Assert.Equal("40%", await page.Locator("#percent").InnerTextAsync());
        await tab.ScreenshotAsync($"entry-corrected-{device}");
        // The one 422 is the page that asked for confirmation; nothing else may have failed (a CSP violation, a script error).
        Assert.All(tab.ConsoleErrors, e => Assert.Contains("status of 422", e, StringComparison.Ordinal));
    }
}
