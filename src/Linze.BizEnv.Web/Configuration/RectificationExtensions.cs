using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Workflow;

namespace Linze.BizEnv.Web.Configuration;

public static class RectificationExtensions
{
    /// <summary>The rectification workflow: evidence store, workflow service, the problem and indicator pages, traffic-light thresholds, 督办 levels.</summary>
    public static WebApplicationBuilder AddRectification(this WebApplicationBuilder builder)
    {
        var evidence = builder.Configuration.GetSection(EvidenceOptions.Section).Get<EvidenceOptions>() ?? new EvidenceOptions();
        var root = Path.IsPathRooted(evidence.Path) ? evidence.Path : Path.Combine(builder.Environment.ContentRootPath, evidence.Path);
        builder.Services.AddSingleton(new EvidenceStore(root));
        builder.Services.AddScoped<RectificationService>();
        builder.Services.AddScoped<BenchmarkReadings>();
        builder.Services.AddScoped<MetricDefinitions>();
        builder.Services.AddScoped<Features.Benchmarks.BenchmarkQuery>();
        builder.Services.AddScoped<Features.Benchmarks.ReadingsImport>();
        builder.Services.Configure<Domain.Benchmarking.BenchmarkOptions>(builder.Configuration.GetSection(Domain.Benchmarking.BenchmarkOptions.Section));
        builder.Services.AddScoped<Features.Problems.ProblemPageBuilder>();
        builder.Services.AddScoped<Features.Indicators.IndicatorPageBuilder>();
        builder.Services.AddScoped<Features.Work.WaitingWork>();
        builder.Services.AddScoped<Features.Work.UnitWork>();
        builder.Services.Configure<TrafficLightOptions>(builder.Configuration.GetSection(TrafficLightOptions.Section));
        builder.Services.Configure<WorkflowOptions>(builder.Configuration.GetSection(WorkflowOptions.Section));
        builder.Services.AddOptions<UrgeOptions>().Bind(builder.Configuration.GetSection(UrgeOptions.Section))
            .Validate(o => o.BlueDays >= 1 && o.YellowDays > o.BlueDays, "Urge:BlueDays must be at least 1 and Urge:YellowDays greater than it.").ValidateOnStart();
        return builder;
    }
}

public static class FeatureExtensions
{
    /// <summary>首页: the dashboard's query and the cache of dashboards already computed.</summary>
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<Features.Dashboard.DashboardQuery>();
        builder.Services.AddSingleton<Features.Dashboard.DashboardCache>();
        builder.Services.AddScoped<Features.Dashboard.ProgressPanelQuery>();
        return builder;
    }

    /// <summary>报表导出: the 整改台账 query behind the ledger and unit reports (the web pages and the <c>export</c> verb).</summary>
    public static WebApplicationBuilder AddReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<Features.Reports.LedgerQuery>();
        // 公文 (ADR-0022): 督办通知单, 月度通报 and 领导简报 as .docx, PDF through LibreOffice when the server has it.
        builder.Services.AddOptions<Documents.DocumentOptions>().Bind(builder.Configuration.GetSection(Documents.DocumentOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<Documents.NoticeIssuer>();
        builder.Services.AddScoped<Features.Reports.BulletinQuery>();
        builder.Services.AddSingleton<Documents.PdfConverter>();
        return builder;
    }

    /// <summary>导入清单: where an uploaded workbook waits between its preview and its confirmation (<c>Import:StagingPath</c>).</summary>
    public static WebApplicationBuilder AddImports(this WebApplicationBuilder builder)
    {
        var staging = builder.Configuration["Import:StagingPath"] ?? "App_Data/imports";
        builder.Services.AddSingleton(sp => new Excel.ImportStaging(
            Path.IsPathRooted(staging) ? staging : Path.Combine(builder.Environment.ContentRootPath, staging), sp.GetRequiredService<TimeProvider>()));
        return builder;
    }
}
