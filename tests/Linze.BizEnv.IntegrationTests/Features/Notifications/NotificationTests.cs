using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Notifications;
using Linze.BizEnv.Web.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linze.BizEnv.IntegrationTests.Features.Notifications;

/// <summary>The outbox end to end: a change writes its notification, the sender delivers it by email (a real SMTP server) and robots.</summary>
public class NotificationTests(NotifyingPortal portal) : IClassFixture<NotifyingPortal>
{
    private const string Unit = "县市场监管局";

    /// <summary>A unit account with an email address (and a mobile), signed in.</summary>
    private async Task<(WebSession Session, string Email, string UserId)> UnitClerkAsync(string? unit = Unit)
    {
        var name = await portal.CreateUserAsync(Roles.Unit, unit);
        var email = $"{name}@units.linze.example";
        var id = await portal.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.UserName == name);
            user.Email = email;
            user.PhoneNumber = "13800000000";
            await db.SaveChangesAsync();
            return user.Id;
        });
        return (await portal.SignInAsync(name), email, id);
    }

    private async Task<WebSession> AdminAsync() => await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));

    private Task<string> VersionAsync(int id) => portal.ProblemAsync(id).ContinueWith(p => p.Result.Version.ToString());

    private Task SetRobotsAsync(string unit, string? dingTalk, string? secret, string? weCom) => portal.WithDbAsync(async db =>
    {
        var row = await db.Units.SingleAsync(u => u.Name == unit);
        row.DingTalkWebhook = dingTalk;
        row.DingTalkSecret = secret;
        row.WeComWebhook = weCom;
        return await db.SaveChangesAsync();
    });

    private Task<List<NotificationDelivery>> DeliveriesAsync(int problemId) =>
        portal.WithDbAsync(db => db.NotificationDeliveries.AsNoTracking().Where(d => d.Notification.ProblemId == problemId).OrderBy(d => d.Id).ToListAsync());

    [Fact]
    public async Task AReturnReachesTheUnitInThePortalByEmailAndThroughBothOfItsRobotsSigned()
    {
        const string secret = "SEC-unit-robot";
        await SetRobotsAsync(Unit, portal.Robots.BaseAddress + "/dingtalk/unit?access_token=u1", secret, portal.Robots.BaseAddress + "/wecom/unit?key=u1");
        try
        {
            var (clerk, email, _) = await UnitClerkAsync();
            var id = await portal.NewProblemAsync();
            await portal.SubmittedAsync(id);
            var admin = await AdminAsync();
            var page = $"/problems/{id}";

            var returned = await admin.PostFormAsync(page, $"{page}/return", new() { ["reason"] = "请补充企业名单。", ["Version"] = await VersionAsync(id) });
            Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);

            // Written with the return, before anything was sent: one per channel, all waiting.
            var deliveries = await DeliveriesAsync(id);
            Assert.Contains(deliveries, d => d.Channel == NotificationChannel.Email && d.Target == email);
            Assert.Contains(deliveries, d => d.Channel == NotificationChannel.DingTalk);
            Assert.Contains(deliveries, d => d.Channel == NotificationChannel.WeCom);
            Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Pending, d.Status));
            Assert.Empty(portal.Mail.To(email));

            await portal.SendDueAsync();

            Assert.All(await DeliveriesAsync(id), d => Assert.Equal(DeliveryStatus.Sent, d.Status));
            var mail = Assert.Single(portal.Mail.To(email));
            Assert.Contains("销号申请被退回", mail.Subject, StringComparison.Ordinal);
            Assert.Contains("审核意见：请补充企业名单。", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains($"{NotifyingPortal.PublicUrl}/problems/{id}", mail.TextBody, StringComparison.Ordinal);
            Assert.NotNull(mail.HtmlBody);

            // 钉钉: signed as 钉钉 documents it, markdown, the unit's clerk @-mentioned by mobile.
            var dingTalk = Assert.Single(portal.Robots.At("/dingtalk/unit"));
            var timestamp = long.Parse(dingTalk.Query["timestamp"], System.Globalization.CultureInfo.InvariantCulture);
            var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}\n{secret}")));
            Assert.Equal(expected, dingTalk.Query["sign"]);
            Assert.Equal("u1", dingTalk.Query["access_token"]);
            using var dingTalkBody = JsonDocument.Parse(dingTalk.Body);
            Assert.Equal("markdown", dingTalkBody.RootElement.GetProperty("msgtype").GetString());
            Assert.Contains("请补充企业名单", dingTalkBody.RootElement.GetProperty("markdown").GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Contains("13800000000", dingTalkBody.RootElement.GetProperty("at").GetProperty("atMobiles").EnumerateArray().Select(m => m.GetString()));
            using var weComBody = JsonDocument.Parse(Assert.Single(portal.Robots.At("/wecom/unit")).Body);
            Assert.Contains($"{NotifyingPortal.PublicUrl}/problems/{id}", weComBody.RootElement.GetProperty("markdown").GetProperty("content").GetString(), StringComparison.Ordinal);

            // In the portal: the bell counts it, the list shows it, opening it goes to the problem and reads it.
            var home = await clerk.GetHtmlAsync("/");
            Assert.Matches("id=\"unread-count\"[^>]*>1<", home);
            var list = HtmlPage.Text(new HtmlPage(HttpStatusCode.OK, await clerk.GetHtmlAsync("/messages")).Section("messages", "</main>"));
            Assert.Contains("未读", list, StringComparison.Ordinal);
            Assert.Contains("销号申请被退回", list, StringComparison.Ordinal);
            Assert.Contains("审核意见：请补充企业名单。", list, StringComparison.Ordinal);
            var messageId = System.Text.RegularExpressions.Regex.Match(await clerk.GetHtmlAsync("/messages"), "href=\"/messages/(\\d+)\"").Groups[1].Value;
            using var open = await clerk.Client.GetAsync($"/messages/{messageId}");
            Assert.Equal($"/problems/{id}", open.Headers.Location?.OriginalString);
            Assert.DoesNotContain("id=\"unread-count\"", await clerk.GetHtmlAsync("/"), StringComparison.Ordinal);
        }
        finally
        {
            await SetRobotsAsync(Unit, null, null, null);
        }
    }

    [Fact]
    public async Task AnotherAccountCannotOpenOrReadSomeoneElsesMessage()
    {
        var (clerk, _, clerkId) = await UnitClerkAsync();
        var id = await portal.NewProblemAsync();
        await portal.SubmittedAsync(id);
        var admin = await AdminAsync();
        await admin.PostFormAsync($"/problems/{id}", $"/problems/{id}/approve", new() { ["comment"] = "同意。", ["Version"] = await VersionAsync(id) });
        var messageId = await portal.WithDbAsync(db => db.NotificationRecipients.Where(r => r.UserId == clerkId).Select(r => r.Id).MaxAsync());

        var (other, _, _) = await UnitClerkAsync("县财政局");
        using var response = await other.Client.GetAsync($"/messages/{messageId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(await portal.WithDbAsync(db => db.NotificationRecipients.Where(r => r.Id == messageId).Select(r => r.ReadAtUtc).SingleAsync()));
        Assert.DoesNotContain("问题已销号", HtmlPage.Text(await other.GetHtmlAsync("/messages")), StringComparison.Ordinal);
        Assert.Contains("已销号", HtmlPage.Text(await clerk.GetHtmlAsync("/messages")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeadMailServerDelaysTheEmailButTheReviewGoesThroughAndNothingIsLost()
    {
        var (_, email, _) = await UnitClerkAsync();
        var id = await portal.NewProblemAsync();
        await portal.SubmittedAsync(id);
        var admin = await AdminAsync();

        portal.Mail.Stop();
        try
        {
            var approved = await admin.PostFormAsync($"/problems/{id}", $"/problems/{id}/approve", new() { ["comment"] = "同意销号。", ["Version"] = await VersionAsync(id) });
            Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
            await portal.SendDueAsync();
        }
        finally
        {
            portal.Mail.Start();
        }

        var failed = (await DeliveriesAsync(id)).Single(d => d.Target == email);
        Assert.Equal(DeliveryStatus.Pending, failed.Status);
        Assert.Equal(1, failed.Attempts);
        Assert.False(string.IsNullOrWhiteSpace(failed.LastError));
        Assert.True(failed.NextAttemptAtUtc > portal.Clock.GetUtcNow().UtcDateTime, "retried later, not at once");

        await portal.SendDueAsync(); // not due yet
        Assert.Empty(portal.Mail.To(email));

        portal.Clock.Advance(TimeSpan.FromMinutes(2));
        await portal.SendDueAsync();
        var sent = (await DeliveriesAsync(id)).Single(d => d.Target == email);
        Assert.Equal(DeliveryStatus.Sent, sent.Status);
        Assert.Equal(2, sent.Attempts);
        Assert.Contains("已销号", Assert.Single(portal.Mail.To(email)).Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoSendersAtOnceDeliverEachMessageExactlyOnce()
    {
        var (_, email, _) = await UnitClerkAsync("县发改局");
        var unitId = await portal.WithDbAsync(db => db.Units.Where(u => u.Name == "县发改局").Select(u => u.Id).SingleAsync());
        await portal.WithDbAsync(async db =>
        {
            var outbox = portal.OutboxOf(db);
            for (var i = 0; i < 12; i++)
            {
                await outbox.ToUnitAsync(unitId, new NoticeDraft(NotificationKind.Test, $"并发测试 {i}", "正文", "/"));
            }

            return await db.SaveChangesAsync();
        });

        var attempts = await Task.WhenAll(portal.SendDueAsync(), portal.Sender.SendDueAsync());

        Assert.Equal(12, portal.Mail.To(email).Count);
        Assert.Equal(12, portal.Mail.To(email).Select(m => m.Subject).Distinct().Count());
        Assert.True(attempts.Sum() >= 12, "every message was attempted");
    }

    [Fact]
    public async Task ASenderStoppedMidDeliveryLeavesAClaimThatRunsOutAndTheMessageStillGoesOut()
    {
        var (_, email, _) = await UnitClerkAsync("县人社局");
        var unitId = await portal.WithDbAsync(db => db.Units.Where(u => u.Name == "县人社局").Select(u => u.Id).SingleAsync());
        var notificationId = await portal.WithDbAsync(async db =>
        {
            var outbox = portal.OutboxOf(db);
            var n = await outbox.ToUnitAsync(unitId, new NoticeDraft(NotificationKind.Test, "中断测试", "正文", "/"));
            await db.SaveChangesAsync();
            return n!.Id;
        });
        // A sender took it and died before sending: its claim holds for a while, then runs out.
        var until = portal.Clock.GetUtcNow().UtcDateTime + NotificationSender.ClaimFor;
        await portal.WithDbAsync(db => db.NotificationDeliveries.Where(d => d.NotificationId == notificationId).ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntilUtc, until)));

        await portal.SendDueAsync();
        Assert.DoesNotContain(portal.Mail.To(email), m => m.Subject!.Contains("中断测试", StringComparison.Ordinal));

        portal.Clock.Advance(NotificationSender.ClaimFor + TimeSpan.FromSeconds(1));
        await portal.SendDueAsync();
        Assert.Single(portal.Mail.To(email), m => m.Subject!.Contains("中断测试", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARobotGetsAtMostTwentyMessagesAMinuteTheRestWaitWithoutCountingAsFailures()
    {
        const string unit = "县自然资源局";
        await SetRobotsAsync(unit, null, null, portal.Robots.BaseAddress + "/wecom/limited");
        try
        {
            var unitId = await portal.WithDbAsync(db => db.Units.Where(u => u.Name == unit).Select(u => u.Id).SingleAsync());
            await portal.WithDbAsync(async db =>
            {
                var outbox = portal.OutboxOf(db);
                for (var i = 0; i < 25; i++)
                {
                    await outbox.ToUnitAsync(unitId, new NoticeDraft(NotificationKind.Test, $"限流测试 {i}", "正文", "/"));
                }

                return await db.SaveChangesAsync();
            });

            await portal.SendDueAsync();
            Assert.Equal(RobotRateLimiter.PerMinute, portal.Robots.At("/wecom/limited").Count);
            var waiting = await portal.WithDbAsync(db => db.NotificationDeliveries.AsNoTracking()
                .Where(d => d.Channel == NotificationChannel.WeCom && d.Target == Outbox.UnitRobot(unitId) && d.Status == DeliveryStatus.Pending).ToListAsync());
            Assert.Equal(5, waiting.Count);
            Assert.All(waiting, d => Assert.Equal(0, d.Attempts));

            portal.Clock.Advance(TimeSpan.FromSeconds(61));
            await portal.SendDueAsync();
            Assert.Equal(25, portal.Robots.At("/wecom/limited").Count);
        }
        finally
        {
            await SetRobotsAsync(unit, null, null, null);
        }
    }

    [Fact]
    public async Task AUserWhoMutedClosuresGetsNoEmailForOneButStillSeesItInThePortal()
    {
        var (clerk, email, userId) = await UnitClerkAsync("县住建局");
        var settings = await clerk.PostFormAsync("/messages/settings", "/messages/settings", new()
        {
            ["Email"] = email, ["Mobile"] = "", ["Kinds"] = "Returned",
        });
        Assert.Equal(HttpStatusCode.Redirect, settings.StatusCode);
        var id = await portal.NewProblemAsync(2);
        await portal.SubmittedAsync(id);
        var admin = await AdminAsync();

        await admin.PostFormAsync($"/problems/{id}", $"/problems/{id}/approve", new() { ["comment"] = "同意。", ["Version"] = await VersionAsync(id) });

        Assert.DoesNotContain(await DeliveriesAsync(id), d => d.Target == email);
        Assert.True(await portal.WithDbAsync(db => db.NotificationRecipients.AnyAsync(r => r.UserId == userId && r.Notification.ProblemId == id)));
    }

    [Fact]
    public async Task AnUrgeReachesTheUnitByEmailEvenWhenTheClerkMutedEveryKind()
    {
        var id = await portal.NewProblemAsync(3);
        var unit = await portal.WithDbAsync(db => db.Problems.Where(p => p.Id == id).Select(p => p.ResponsibleUnit!.Name).SingleAsync());
        var (clerk, email, userId) = await UnitClerkAsync(unit);
        var settings = await clerk.PostFormAsync("/messages/settings", "/messages/settings", new() { ["Email"] = email, ["Mobile"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, settings.StatusCode);
        Assert.NotEqual(0, await portal.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.MutedNotificationKinds).SingleAsync()));
        var admin = await AdminAsync();

        var urged = await admin.PostFormAsync($"/problems/{id}", $"/problems/{id}/urge", new() { ["text"] = "请本周内报送整改进展。" });
        Assert.Equal(HttpStatusCode.Redirect, urged.StatusCode);
        await portal.SendDueAsync();

        var mail = Assert.Single(portal.Mail.To(email));
        Assert.Contains("被催办", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("请本周内报送整改进展。", mail.TextBody, StringComparison.Ordinal);
        Assert.True(await portal.WithDbAsync(db => db.NotificationRecipients.AnyAsync(r => r.UserId == userId && r.Notification.ProblemId == id && r.Notification.Kind == NotificationKind.Urge)));
    }

    [Theory]
    [InlineData("not-an-address", "", "电子邮箱格式不正确")]
    [InlineData("", "12345", "手机号码应为 11 位数字")]
    public async Task BadSettingsAreRefusedInChineseAndNothingIsSaved(string email, string mobile, string message)
    {
        var (clerk, before, userId) = await UnitClerkAsync();

        var response = await clerk.PostFormAsync("/messages/settings", "/messages/settings", new() { ["Email"] = email, ["Mobile"] = mobile });

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await portal.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleAsync()));
    }

    [Fact]
    public async Task TheSendLogShowsEachDeliverysResultAndTheAdminCanSendATestEmail()
    {
        var adminName = await portal.CreateUserAsync(Roles.Admin);
        var address = $"{adminName}@office.linze.example";
        await portal.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.UserName == adminName)).Email = address;
            return await db.SaveChangesAsync();
        });
        var admin = await portal.SignInAsync(adminName);

        portal.Mail.Stop();
        try
        {
            Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/notifications", "/admin/notifications/test", new() { ["channel"] = "Email" })).StatusCode);
            await portal.SendDueAsync();
        }
        finally
        {
            portal.Mail.Start();
        }

        var failed = HtmlPage.Text(new HtmlPage(HttpStatusCode.OK, await admin.GetHtmlAsync("/admin/notifications?kind=Test&channel=Email")).Section("send-log", "</table>"));
        Assert.Contains("电子邮件测试消息", failed, StringComparison.Ordinal);
        Assert.Contains(address, failed, StringComparison.Ordinal);
        Assert.Contains("待发送", failed, StringComparison.Ordinal);
        Assert.Contains("下次重试", failed, StringComparison.Ordinal);
        Assert.Contains("原因：", failed, StringComparison.Ordinal);

        portal.Clock.Advance(TimeSpan.FromMinutes(2));
        await portal.SendDueAsync();
        Assert.Single(portal.Mail.To(address));
        var sent = await admin.GetHtmlAsync("/admin/notifications?status=Sent&kind=Test");
        Assert.Contains(address, sent, StringComparison.Ordinal);
        Assert.Contains("已发送", HtmlPage.Text(new HtmlPage(HttpStatusCode.OK, sent).Section("send-log", "</table>")), StringComparison.Ordinal);

        using var bad = await admin.Client.GetAsync("/admin/notifications?status=Lost");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var (clerk, _, _) = await UnitClerkAsync();
        using var refused = await clerk.Client.GetAsync("/admin/notifications");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task AnAdminSetsAUnitsRobotsABadAddressIsRefusedAndTheSecretIsNeverShownOrAudited()
    {
        const string unit = "县卫健局";
        const string secret = "SEC0123456789abcdef-never-shown";
        var unitId = await portal.WithDbAsync(db => db.Units.Where(u => u.Name == unit).Select(u => u.Id).SingleAsync());
        var admin = await AdminAsync();
        var page = $"/admin/notifications/robots/{unitId}";
        Assert.Contains(page, await admin.GetHtmlAsync($"/units/{unitId}"), StringComparison.Ordinal);

        var bad = await admin.PostFormAsync(page, page, new() { ["DingTalkWebhook"] = "ftp://oapi.dingtalk.com/robot", ["DingTalkSecret"] = secret });
        Assert.Equal((HttpStatusCode)422, bad.StatusCode);
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("须是以 https:// 或 http:// 开头", badHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, badHtml, StringComparison.Ordinal);
        Assert.Null(await portal.WithDbAsync(db => db.Units.Where(u => u.Id == unitId).Select(u => u.DingTalkWebhook).SingleAsync()));

        var good = await admin.PostFormAsync(page, page, new() { ["DingTalkWebhook"] = portal.Robots.BaseAddress + "/dingtalk/wjj", ["DingTalkSecret"] = secret, ["WeComWebhook"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var saved = await portal.WithDbAsync(db => db.Units.AsNoTracking().SingleAsync(u => u.Id == unitId));
        Assert.Equal(secret, saved.DingTalkSecret);
        Assert.DoesNotContain(secret, await admin.GetHtmlAsync(page), StringComparison.Ordinal);
        Assert.Contains("已设置", await admin.GetHtmlAsync(page), StringComparison.Ordinal);
        Assert.False(await portal.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Changes != null && a.Changes.Contains(secret))));

        // Saved again without typing the secret: it is kept.
        await admin.PostFormAsync(page, page, new() { ["DingTalkWebhook"] = portal.Robots.BaseAddress + "/dingtalk/wjj2", ["DingTalkSecret"] = "" });
        Assert.Equal(secret, await portal.WithDbAsync(db => db.Units.Where(u => u.Id == unitId).Select(u => u.DingTalkSecret).SingleAsync()));
        await SetRobotsAsync(unit, null, null, null);
    }
}
