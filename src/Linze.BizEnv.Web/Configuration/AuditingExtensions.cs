using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data.Auditing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Linze.BizEnv.Web.Configuration;

public static class AuditingExtensions
{
    /// <summary>The audit trail: the SaveChanges interceptor, sign-in events, and the daily retention purge.</summary>
    public static WebApplicationBuilder AddAuditing(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<AuditOptions>(builder.Configuration.GetSection(AuditOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentActor, HttpCurrentActor>();
        services.AddScoped<AuditInterceptor>();
        services.AddScoped<AuditTrail>();
        services.AddSingleton<AuditRetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditRetentionService>());
        return builder;
    }
}
