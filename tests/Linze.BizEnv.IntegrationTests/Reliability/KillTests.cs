using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Linze.BizEnv.IntegrationTests.Reliability;

/// <summary>
/// Fault injection: the portal's executable run as a child process and killed with SIGKILL in the middle of its work,
/// then run again on what it left. The next run must finish, and leave nothing half-done.
/// </summary>
public sealed class KillTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("bizenv-kill-").FullName;

    private string Database => Path.Combine(_work, "bizenv.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }

    /// <summary>The executable built beside the tests' own configuration (Debug or Release).</summary>
    private static string PortalDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        return Path.Combine(RepoPaths.Root, "src", "Linze.BizEnv.Web", "bin", configuration, "net10.0", "Linze.BizEnv.Web.dll");
    }

    private Process Start(params string[] args)
    {
        var dll = PortalDll();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__BizEnv"] = $"Data Source={Database}";
        start.Environment["Evidence__Path"] = Path.Combine(_work, "evidence");
        start.Environment["DataProtection__KeysPath"] = Path.Combine(_work, "keys");
        start.Environment["Import__StagingPath"] = Path.Combine(_work, "imports");
        start.Environment["Logging__File__Path"] = "";
        start.Environment["Bootstrap__AdminPassword"] = BizEnvFactory.AdminPassword;
        return Process.Start(start)!;
    }

    private async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', args)} did not finish within two minutes: {await output}{await error}");
        }

        return (process.ExitCode, await output + await error);
    }

    private long Count(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    [SqliteOnlyFact("the portal process runs on a SQLite file of its own; what matters is the port, the same on either database")]
    public async Task AStartOnAPortInUseExitsWithAChineseMessageNotACrash()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var (exit, output) = await RunAsync("--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(1, exit); // not 134: the crash handler once touched the disposed host
        Assert.Contains("监听的端口已被占用", output, StringComparison.Ordinal);
        Assert.DoesNotContain("ObjectDisposedException", output, StringComparison.Ordinal);
    }

    [SqliteOnlyFact("these tests kill a portal process working on a SQLite file (table rebuilds outside a transaction, the pre-migration snapshot); on PostgreSQL each migration and import is a server transaction")]
    public async Task DemoDataKilledHalfWayLeavesNothingAndRunsAgain()
    {
        using (var first = Start("demo-data", "--scale", "40", "--password", "Demo-Pass-2026!"))
        {
            // Killed once it reports its first ten lists written.
            while (await first.StandardOutput.ReadLineAsync() is { } line && !line.Contains("已生成 10/40", StringComparison.Ordinal))
            {
            }

            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        Assert.Equal(0, Count("SELECT COUNT(*) FROM \"ResponsibilityLists\" WHERE \"Title\" LIKE '【演示数据】%'"));
        var (exit, output) = await RunAsync("demo-data", "--scale", "2", "--password", "Demo-Pass-2026!");
        Assert.True(exit == 0, output);
        Assert.Equal(2, Count("SELECT COUNT(*) FROM \"ResponsibilityLists\" WHERE \"Title\" LIKE '【演示数据】%'"));
    }

    [SqliteOnlyTheory("these tests kill a portal process working on a SQLite file (table rebuilds outside a transaction, the pre-migration snapshot); on PostgreSQL each migration and import is a server transaction")]
    [InlineData(150, "migrate")]
    [InlineData(600, "migrate")]
    [InlineData(1500, "migrate")]
    [InlineData(700, "start")]
    [InlineData(2500, "start")]
    public async Task AFirstMigrationOrStartKilledPartWayDoesNotStopTheNextOne(int killAfterMilliseconds, string what)
    {
        // "start" is the portal itself starting on a fresh database (it migrates, seeds and creates admin first).
        using (var first = what == "start" ? Start("--urls", "http://127.0.0.1:0") : Start("migrate"))
        {
            await Task.Delay(killAfterMilliseconds);
            if (!first.HasExited)
            {
                first.Kill(entireProcessTree: true);
            }

            await first.WaitForExitAsync();
        }

        var (exit, output) = await RunAsync("migrate");
        Assert.True(exit == 0, output);
        var (listed, users) = await RunAsync("user", "list");
        Assert.True(listed == 0, users);
        Assert.Contains("admin", users, StringComparison.Ordinal);
    }

    [SqliteOnlyTheory("these tests kill a portal process working on a SQLite file (table rebuilds outside a transaction, the pre-migration snapshot); on PostgreSQL each migration and import is a server transaction")]
    [InlineData(800)]
    [InlineData(2000)]
    public async Task AnImportKilledPartWayWritesAllOrNothingAndRunsAgain(int killAfterMilliseconds)
    {
        Assert.Equal(0, (await RunAsync("migrate")).Exit);
        var title = "临泽县优化营商环境对标提升责任清单（中断测试）";
        var seed = await Linze.BizEnv.Web.Data.Seeding.SeedFile.ReadAsync(RepoPaths.SeedList);
        var file = Path.Combine(_work, "清单.xlsx");
        await using (var stream = File.Create(file))
        {
            Linze.BizEnv.Web.Excel.OriginalListExporter.Write(seed with { Title = title }, stream);
        }

        using (var first = Start("import", file))
        {
            await Task.Delay(killAfterMilliseconds);
            if (!first.HasExited)
            {
                first.Kill(entireProcessTree: true);
            }

            await first.WaitForExitAsync();
        }

        // Either the whole list or none of it.
        var lists = Count($"SELECT COUNT(*) FROM \"ResponsibilityLists\" WHERE \"Title\" = '{title}'");
        var indicators = Count($"SELECT COUNT(*) FROM \"Indicators\" i JOIN \"ResponsibilityLists\" l ON l.\"Id\" = i.\"ListId\" WHERE l.\"Title\" = '{title}'");
        Assert.Equal(lists * 18, indicators);

        var (exit, output) = await RunAsync("import", file);
        Assert.True(exit == 0, output);
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM \"ResponsibilityLists\" WHERE \"Title\" = '{title}'"));
        Assert.Equal(18, Count($"SELECT COUNT(*) FROM \"Indicators\" i JOIN \"ResponsibilityLists\" l ON l.\"Id\" = i.\"ListId\" WHERE l.\"Title\" = '{title}'"));
    }
}
