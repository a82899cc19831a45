using Serilog;
using Serilog.Events;

namespace Linze.BizEnv.Web.Configuration;

public static class LoggingExtensions
{
    /// <summary>Every line of a request names the request (the reference its error page shows) and the user.</summary>
    public const string FileTemplate =
        "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] [{RequestId}] [{UserName}] [{ProcessId}] {Message:lj}{NewLine}{Exception}";

    private const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] [{RequestId}] [{UserName}] {Message:lj}{NewLine}{Exception}";

    /// <summary>Puts the signed-in user's name on every log line of the request (after authentication has run).</summary>
    public static WebApplication UseUserNameInLogs(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            using (Serilog.Context.LogContext.PushProperty("UserName", context.User.Identity?.Name ?? "-"))
            {
                await next(context);
            }
        });
        return app;
    }

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
                // The request logging line carries an unhandled exception already: the handler's own line would repeat it.
                .MinimumLevel.Override("Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", LogEventLevel.Fatal)
                .Enrich.FromLogContext()
                .Enrich.WithProperty("ProcessId", Environment.ProcessId)
                .WriteTo.Console(outputTemplate: ConsoleTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            if (!string.IsNullOrWhiteSpace(filePath))
            {
                // shared: a command-line verb or a second instance writes to the same daily file without losing lines.
                logger.WriteTo.File(
                    Path.Combine(contentRoot, filePath),
                    outputTemplate: FileTemplate,
                    rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: 31,
                    shared: true,
                    formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
        }, preserveStaticLogger: true);
        return builder;
    }
}
