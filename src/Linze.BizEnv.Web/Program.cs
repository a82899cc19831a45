using Linze.BizEnv.Web.Cli;
using Linze.BizEnv.Web.Configuration;
using Linze.BizEnv.Web.Data.Seeding;
using Serilog;

Log.Logger = new LoggerConfiguration()
    .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture)
    .CreateLogger();

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddSerilogLogging();
    builder.AddPersistence();
    builder.AddAuditing();
    builder.AddAccounts();
    builder.AddRectification();
    builder.AddWebUi();

    var app = builder.Build();

    if (CommandLine.IsVerb(args))
    {
        return await CommandLine.RunAsync(app.Services, args, Console.Out, Console.Error);
    }

    await using (var scope = app.Services.CreateAsyncScope())
    {
        await scope.ServiceProvider.GetRequiredService<DatabaseInitialiser>().InitialiseAsync();
    }

    app.UseWebUi();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is not HostAbortedException)
{
    Log.Fatal(ex, "The portal stopped unexpectedly");
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}

/// <summary>The entry point; public so that integration tests can host the app.</summary>
public partial class Program;
