using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Linze.BizEnv.Bench;

/// <summary>
/// Dashboard load benchmark (issue #6). Fills a fresh SQLite database with <c>demo-data --scale N</c>, starts the
/// portal (Release build, Production environment) as its own process on loopback, signs in as a demo administrator,
/// and drives the dashboard and, as the baseline in the same run, the change-password page (same layout, no data)
/// with C concurrent connections for a fixed time, alternating baseline and dashboard rounds. Prints requests/s and
/// p50/p95/p99 for both, the errors, and the ratio of the p95s.
/// </summary>
internal static partial class DashboardLoad
{
    private const string Password = "Bench-Demo-2026!";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        var scale = Option(args, "--scale", 100);
        var connections = Option(args, "--connections", 32);
        var seconds = Option(args, "--seconds", 15);
        var rounds = Option(args, "--rounds", 2);
        var root = RepoRoot();
        var web = Path.Combine(root, "src", "Linze.BizEnv.Web");
        var dll = Path.Combine(web, "bin", "Release", "net10.0", "Linze.BizEnv.Web.dll");
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"找不到 {dll}：请用 dotnet run -c Release 运行本基准。");
            return 2;
        }

        var database = Path.Combine(Path.GetTempPath(), $"bizenv-bench-dashboard-{Environment.ProcessId}.db");
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__BizEnv"] = $"Data Source={database}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Security__RequireHttps"] = "false",
            ["Logging__File__Path"] = "",
            ["Evidence__Path"] = Path.Combine(Path.GetTempPath(), $"bizenv-bench-evidence-{Environment.ProcessId}"),
            // Per-request log lines to a console nobody reads would be measured too; warnings and errors still show.
            ["Serilog__MinimumLevel__Default"] = "Warning",
        };
        try
        {
            Console.WriteLine($"Generating demo data at scale {scale} (demo-data --scale {scale}) …");
            var fill = Stopwatch.StartNew();
            var (exit, output) = await RunToEndAsync(dll, web, environment, "demo-data", "--scale", scale.ToString(Invariant), "--password", Password);
            if (exit != 0)
            {
                Console.Error.WriteLine(output);
                return 1;
            }

            Console.WriteLine($"  {output.Split('\n').First(l => l.StartsWith("已生成演示数据", StringComparison.Ordinal)).Trim()}");
            Console.WriteLine($"  ({fill.Elapsed.TotalSeconds:F0} s, database {new FileInfo(database).Length / 1024 / 1024} MB)");

            var sqlite = await MeasurePortalsAsync("SQLite", dll, web, environment, connections, seconds, rounds);
            if (Text(args, "--postgres") is not { } server)
            {
                return sqlite.Sum(p => p.Sample.Errors) == 0 ? 0 : 1;
            }

            // The same data on PostgreSQL (issue #17 item 7a), moved there by copy-database rather than generated again.
            var postgres = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = $"bizenv_bench_{Environment.ProcessId}" }.ConnectionString;
            try
            {
                Console.WriteLine();
                Console.WriteLine("Copying the data to PostgreSQL (copy-database) …");
                var copy = Stopwatch.StartNew();
                var (copied, copyOutput) = await RunToEndAsync(dll, web, environment, "copy-database", "--to-provider", "PostgreSQL", "--to-connection", postgres);
                if (copied != 0)
                {
                    Console.Error.WriteLine(copyOutput);
                    return 1;
                }

                Console.WriteLine($"  ({copy.Elapsed.TotalSeconds:F0} s)");
                var onPostgres = await MeasurePortalsAsync("PostgreSQL", dll, web,
                    new Dictionary<string, string>(environment) { ["Database__Provider"] = "PostgreSQL", ["ConnectionStrings__BizEnv"] = postgres },
                    connections, seconds, rounds);
                Console.WriteLine();
                Console.WriteLine("PostgreSQL against SQLite in this run (p95 ratio; req/s ratio):");
                foreach (var (pg, lite) in onPostgres.Zip(sqlite))
                {
                    Console.WriteLine($"{pg.Name,-28} p95 {(pg.Sample.Percentile(95) / lite.Sample.Percentile(95)).ToString("F2", Invariant)}× SQLite's; " +
                        $"req/s {(pg.Sample.PerSecond / lite.Sample.PerSecond).ToString("F2", Invariant)}× SQLite's");
                }

                return sqlite.Concat(onPostgres).Sum(p => p.Sample.Errors) == 0 ? 0 : 1;
            }
            finally
            {
                Npgsql.NpgsqlConnection.ClearAllPools();
                await using var admin = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
                await admin.OpenAsync();
                await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"bizenv_bench_{Environment.ProcessId}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(database + suffix);
            }
        }
    }

    /// <summary>
    /// The portal as deployed, and a second one on the same database with the dashboard cache off: the cost of a
    /// dashboard computed afresh, as after every change to the data. Both are stopped before this returns.
    /// </summary>
    private static async Task<List<Page>> MeasurePortalsAsync(string database, string dll, string web, Dictionary<string, string> environment, int connections, int seconds, int rounds)
    {
        var cachedAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var uncachedAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        using var cached = Start(dll, web, environment, "--urls", cachedAddress.ToString().TrimEnd('/'));
        using var uncached = Start(dll, web, new Dictionary<string, string>(environment) { ["Dashboard__Cache"] = "false" },
            "--urls", uncachedAddress.ToString().TrimEnd('/'));
        try
        {
            await WaitUntilUpAsync(cachedAddress, cached);
            await WaitUntilUpAsync(uncachedAddress, uncached);
            return await MeasureAsync(database, cachedAddress, uncachedAddress, connections, seconds, rounds);
        }
        finally
        {
            foreach (var server in new[] { cached, uncached })
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
        }
    }

    private static async Task<List<Page>> MeasureAsync(string database, Uri cachedAddress, Uri uncachedAddress, int connections, int seconds, int rounds)
    {
        var pages = new List<Page>
        {
            new("baseline /account/password", cachedAddress, "/account/password"),
            new("dashboard /", cachedAddress, "/"),
            new("dashboard /, no cache", uncachedAddress, "/"),
        };
        foreach (var page in pages)
        {
            page.Cookie = await SignInAsync(page.Server, "demo-admin-001");
            await DriveAsync(page, connections, TimeSpan.FromSeconds(3)); // warm-up: JIT, caches, connection pool
        }

        for (var round = 0; round < rounds; round++)
        {
            foreach (var page in pages)
            {
                page.Sample.Add(await DriveAsync(page, connections, TimeSpan.FromSeconds(seconds)));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{connections} connections, {rounds} × {seconds} s per page, alternating (Release, {database}, loopback, same 2-core machine as the client):");
        Console.WriteLine($"{"page",-28} {"requests",9} {"req/s",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"errors",7}");
        foreach (var page in pages)
        {
            var s = page.Sample;
            Console.WriteLine($"{page.Name,-28} {s.Count,9} {s.PerSecond,8:F0} {s.Percentile(50),8:F1} {s.Percentile(95),8:F1} {s.Percentile(99),8:F1} {s.Errors,7}");
        }

        var baseline = pages[0].Sample;
        foreach (var page in pages.Skip(1))
        {
            var ratio = page.Sample.Percentile(95) / baseline.Percentile(95);
            Console.WriteLine($"{page.Name}: p95 / baseline p95 = {ratio.ToString("F2", Invariant)} (goal ≤ 2.00: {(ratio <= 2 ? "met" : "NOT met")}); " +
                $"baseline req/s ÷ its req/s = {(baseline.PerSecond / page.Sample.PerSecond).ToString("F2", Invariant)}");
        }

        pages.ForEach(p => p.Dispose());
        return pages;
    }

    private sealed class Page(string name, Uri server, string url) : IDisposable
    {
        private readonly SocketsHttpHandler _handler = new() { MaxConnectionsPerServer = 64, UseCookies = false, AllowAutoRedirect = false };

        public string Name { get; } = name;

        public Uri Server { get; } = server;

        public string Url { get; } = url;

        public string Cookie { get; set; } = "";

        public Sample Sample { get; } = new();

        public HttpClient Client => field ??= new HttpClient(_handler, disposeHandler: false) { BaseAddress = Server, Timeout = TimeSpan.FromSeconds(30) };

        public void Dispose()
        {
            Client.Dispose();
            _handler.Dispose();
        }
    }

    /// <summary>Latencies of one page, in milliseconds, with the wall time they were gathered in.</summary>
    private sealed class Sample
    {
        private readonly List<double> _latencies = [];
        private double _seconds;

        public int Errors { get; private set; }

        public int Count => _latencies.Count;

        public double PerSecond => Count / _seconds;

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

    /// <summary>Each connection sends a request as soon as its last answer is read, until the time is up.</summary>
    private static async Task<(List<double> Latencies, int Errors, double Seconds)> DriveAsync(Page page, int connections, TimeSpan duration)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var wall = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, connections).Select(async _ =>
        {
            var latencies = new List<double>();
            var errors = 0;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, page.Url);
                    request.Headers.Add("Cookie", page.Cookie);
                    using var response = await page.Client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                    await response.Content.ReadAsByteArrayAsync();
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        errors++;
                    }
                }
                catch (HttpRequestException)
                {
                    errors++;
                }
                catch (TaskCanceledException)
                {
                    errors++;
                }

                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return (latencies, errors);
        }).ToList();
        var done = await Task.WhenAll(workers);
        return ([.. done.SelectMany(d => d.latencies)], done.Sum(d => d.errors), wall.Elapsed.TotalSeconds);
    }

    private static async Task<string> SignInAsync(Uri baseAddress, string userName)
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

    private static ProcessStartInfo StartInfo(string dll, string workingDirectory, Dictionary<string, string> environment, string[] args)
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

    private static Process Start(string dll, string workingDirectory, Dictionary<string, string> environment, params string[] args)
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

    private static async Task<(int Exit, string Output)> RunToEndAsync(string dll, string workingDirectory, Dictionary<string, string> environment, params string[] args)
    {
        using var process = Process.Start(StartInfo(dll, workingDirectory, environment, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private static async Task WaitUntilUpAsync(Uri baseAddress, Process server)
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepoRoot()
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

    private static string? Text(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.None, Invariant, out var value) ? value : fallback;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
