using Serilog;

namespace Linze.BizEnv.Web.Configuration;

public static class LoggingExtensions
{
    /// <summary>
    /// Serilog from the <c>Serilog</c> configuration section, to the console and, unless
    /// <c>Logging:File:Path</c> is empty, to a daily rolling file under the content root. Each host keeps its own
    /// logger (the static one stays Program's start-up logger), so two hosts in one process, as in the tests, never
    /// write into each other's sinks.
    /// </summary>
    public static WebApplicationBuilder AddSerilogLogging(this WebApplicationBuilder builder)
    {
        var filePath = builder.Configuration["Logging:File:Path"];
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.AddSerilog((services, logger) =>
        {
            logger.ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            if (!string.IsNullOrWhiteSpace(filePath))
            {
                logger.WriteTo.File(
                    Path.Combine(contentRoot, filePath),
                    rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: 31,
                    formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
        }, preserveStaticLogger: true);
        return builder;
    }
}
