using Linze.BizEnv.Web.Cli;
using Linze.BizEnv.Web.Configuration;
using Linze.BizEnv.Web.Data.Seeding;
using Serilog;

Log.Logger = new LoggerConfiguration()
    .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture)
    .CreateLogger();

WebApplication? app = null;
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddSerilogLogging();
    builder.AddPersistence();
    builder.AddAuditing();
    builder.AddAccounts();
    builder.AddNotifications();
    builder.AddRectification();
    builder.AddDashboard();
    builder.AddReports();
    builder.AddImports();
    builder.AddWebUi();

    app = builder.Build();

    if (CommandLine.IsVerb(args))
    {
        return await CommandLine.RunAsync(app.Services, args, Console.Out, Console.Error);
    }

    await using (var scope = app.Services.CreateAsyncScope())
    {
        await scope.ServiceProvider.GetRequiredService<DatabaseInitialiser>().InitialiseAsync();
    }

    // Several instances must all name the same (shared) evidence folder: say which one this is (ADR-0020).
    app.Logger.LogInformation("佐证材料文件夹：{Folder:l}，登录密钥保存在数据库中。Evidence files are kept in that folder, data-protection keys in the database",
        app.Services.GetRequiredService<Linze.BizEnv.Web.Workflow.EvidenceStore>().Root);
    app.UseWebUi();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is not HostAbortedException)
{
    // The host's own logger writes the log file; the start-up logger only the console. A host that failed to start has
    // disposed of its services already.
    try
    {
        app?.Services.GetService<ILoggerFactory>()?.CreateLogger("Linze.BizEnv.Web.Program").LogCritical(ex, "The portal stopped unexpectedly");
    }
    catch (ObjectDisposedException)
    {
    }

    Log.Fatal(ex, "The portal stopped unexpectedly");
    if (ex is IOException { InnerException: Microsoft.AspNetCore.Connections.AddressInUseException })
    {
        await Console.Error.WriteLineAsync($"门户未能启动：监听的端口已被占用（{ex.Message}）。请停止占用该端口的程序，或用 --urls 换一个端口。");
    }

    return 1;
}
finally
{
    if (app is not null)
    {
        await app.DisposeAsync();
    }

    await Log.CloseAndFlushAsync();
}

/// <summary>The entry point; public so that integration tests can host the app.</summary>
public partial class Program;
