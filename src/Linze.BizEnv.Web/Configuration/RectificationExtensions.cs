using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Rectification;

namespace Linze.BizEnv.Web.Configuration;

public static class RectificationExtensions
{
    /// <summary>The rectification workflow: evidence store, workflow service, traffic-light thresholds, upload limits.</summary>
    public static WebApplicationBuilder AddRectification(this WebApplicationBuilder builder)
    {
        var evidence = builder.Configuration.GetSection(EvidenceOptions.Section).Get<EvidenceOptions>() ?? new EvidenceOptions();
        var root = Path.IsPathRooted(evidence.Path) ? evidence.Path : Path.Combine(builder.Environment.ContentRootPath, evidence.Path);
        builder.Services.AddSingleton(new EvidenceStore(root));
        builder.Services.AddScoped<RectificationService>();
        builder.Services.AddScoped<Features.Problems.ProblemPageBuilder>();
        builder.Services.AddScoped<Features.Indicators.IndicatorPageBuilder>();
        builder.Services.AddScoped<Reports.LedgerQuery>();
        builder.Services.AddScoped<Features.Dashboard.DashboardQuery>();
        builder.Services.AddSingleton<Features.Dashboard.DashboardCache>();
        var staging = builder.Configuration["Import:StagingPath"] ?? "App_Data/imports";
        builder.Services.AddSingleton(sp => new Excel.ImportStaging(
            Path.IsPathRooted(staging) ? staging : Path.Combine(builder.Environment.ContentRootPath, staging), sp.GetRequiredService<TimeProvider>()));
        builder.Services.Configure<TrafficLightOptions>(builder.Configuration.GetSection(TrafficLightOptions.Section));
        return builder;
    }
}

public static class UploadLimits
{
    /// <summary>Ten files of 20 MB and the form around them.</summary>
    public const long RequestBytes = (EvidenceOptions.MaxFilesPerEntry * EvidenceOptions.MaxFileBytes) + (1024 * 1024);
}
