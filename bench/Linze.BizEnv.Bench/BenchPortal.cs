using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Linze.BizEnv.Bench;

/// <summary>What the load benchmarks share: the portal started as its own process from its Release build, a sign-in, options, latency samples.</summary>
internal static partial class BenchPortal
{
    /// <summary>The demo accounts' password (demo-data --password).</summary>
    public const string Password = "Bench-Demo-2026!";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The portal's Release build and its project folder, or null (said on the console) when it was not built.</summary>
    public static (string Dll, string Web)? ReleaseBuild()
    {
        var web = Path.Combine(RepoRoot(), "src", "Linze.BizEnv.Web");
        var dll = Path.Combine(web, "bin", "Release", "net10.0", "Linze.BizEnv.Web.dll");
        if (File.Exists(dll))
        {
            return (dll, web);
        }

        Console.Error.WriteLine($"找不到 {dll}：请用 dotnet run -c Release 运行本基准。");
        return null;
    }

    /// <summary>The portal as deployed on a SQLite file, on plain HTTP, logging only warnings (a console nobody reads would be measured too).</summary>
    public static Dictionary<string, string> Environment(string database, string evidence) => new()
    {
        ["ConnectionStrings__BizEnv"] = $"Data Source={database}",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Security__RequireHttps"] = "false",
        ["Logging__File__Path"] = "",
        ["Evidence__Path"] = evidence,
        ["Serilog__MinimumLevel__Default"] = "Warning",
    };

    /// <summary>Drops a benchmark's PostgreSQL database, ending its connections.</summary>
    public static async Task DropPostgresDatabaseAsync(string server, string name)
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await using var admin = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Latencies of one page, in milliseconds, with the wall time they were gathered in.</summary>
    internal sealed class Sample
    {
        private readonly List<double> _latencies = [];
        private double _seconds;

        public int Errors { get; private set; }

        public int Count => _latencies.Count;

        public double PerSecond => Count / _seconds;

        public double Seconds => _seconds;

        public void Add((List<double> Latencies, int Errors, double Seconds) run)
        {
            _latencies.AddRange(run.Latencies);
            Errors += run.Errors;
            _seconds += run.Seconds;
        }

        public double Percentile(int p)
        {
            var sorted = _latencies.Order().ToList();
            return sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
        }
    }

    internal static async Task<string> SignInAsync(Uri baseAddress, string userName)
    {
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = baseAddress };
        var form = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        var token = TokenPattern().Match(form).Groups[1].Value;
        using var body = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName, ["Password"] = Password, ["__RequestVerificationToken"] = token,
        });
        using var response = await client.PostAsync(new Uri("/account/login", UriKind.Relative), body);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != "/")
        {
            throw new InvalidOperationException($"sign-in as {userName} failed: {(int)response.StatusCode} {response.Headers.Location}");
        }

        return cookies.GetCookieHeader(baseAddress);
    }

    internal static ProcessStartInfo StartInfo(string dll, string workingDirectory, Dictionary<string, string> environment, string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    internal static Process Start(string dll, string workingDirectory, Dictionary<string, string> environment, params string[] args)
    {
        var process = Process.Start(StartInfo(dll, workingDirectory, environment, args))!;
        // Drain both pipes so the server never blocks on a full one; at level Warning it only speaks of problems.
        DataReceivedEventHandler show = (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                Console.Error.WriteLine("[server] " + e.Data);
            }
        };
        process.OutputDataReceived += show;
        process.ErrorDataReceived += show;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static async Task<(int Exit, string Output)> RunToEndAsync(string dll, string workingDirectory, Dictionary<string, string> environment, params string[] args)
    {
        using var process = Process.Start(StartInfo(dll, workingDirectory, environment, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    internal static async Task WaitUntilUpAsync(Uri baseAddress, Process server)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        for (var i = 0; i < 300; i++)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"the portal exited with {server.ExitCode}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the portal did not answer /healthz within 30 s");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Linze.BizEnv.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run the benchmark from the repository");
    }

    internal static string? Text(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    internal static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.None, Invariant, out var value) ? value : fallback;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    internal static partial Regex TokenPattern();
}
