using Linze.BizEnv.Web.Notifications;

namespace Linze.BizEnv.Web.Configuration;

public static class NotificationExtensions
{
    /// <summary>督办 notifications: the outbox, its channels (email, 钉钉, 企业微信) the background sender and the daily digest.</summary>
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<NotificationOptions>(builder.Configuration.GetSection(NotificationOptions.Section));
        services.AddScoped<Outbox>();
        services.AddHttpClient(RobotChannel.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<INotificationChannel, EmailChannel>();
        services.AddSingleton<INotificationChannel, DingTalkChannel>();
        services.AddSingleton<INotificationChannel, WeComChannel>();
        services.AddSingleton<RobotRateLimiter>();
        services.AddSingleton<NotificationSender>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationSender>());
        services.AddScoped<Features.Digest.DigestBuilder>();
        services.AddSingleton<Features.Digest.DigestScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<Features.Digest.DigestScheduler>());
        return builder;
    }
}
