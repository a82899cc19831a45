using Linze.BizEnv.Web.Notifications;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Linze.BizEnv.IntegrationTests.Features.Notifications;

/// <summary>The portal with email pointed at a real SMTP sink and the county office's robots at a local stub.</summary>
public sealed class NotifyingPortal : BizEnvFactory
{
    public const string PublicUrl = "http://yshj.linze.example";
    public const string OfficeSecret = "SEC-office-secret";

    public SmtpSink Mail { get; } = new();

    /// <summary>The outbox over a test's own context, to write notifications without a page.</summary>
    public Outbox OutboxOf(Linze.BizEnv.Web.Data.BizEnvDbContext db) =>
        new(db, Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<NotificationOptions>>(), Clock);

    public RobotStub Robots { get; } = new();

    public NotificationSender Sender => Services.GetRequiredService<NotificationSender>();

    /// <summary>Delivers what is due, as the background sender would on its next tick.</summary>
    public Task<int> SendDueAsync() => Sender.SendDueAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Portal:PublicUrl", PublicUrl);
        builder.UseSetting("Notifications:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Notifications:Smtp:Port", Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Notifications:Smtp:From", "yshj@linze.example");
        builder.UseSetting("Notifications:DingTalk:Webhook", Robots.BaseAddress + "/dingtalk/office?access_token=office");
        builder.UseSetting("Notifications:DingTalk:Secret", OfficeSecret);
        builder.UseSetting("Notifications:WeCom:Webhook", Robots.BaseAddress + "/wecom/office");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Mail.Dispose();
            Robots.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
