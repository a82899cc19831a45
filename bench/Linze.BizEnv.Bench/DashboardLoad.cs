using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Linze.BizEnv.Bench;

/// <summary>
/// Dashboard load benchmark (issue #6). Fills a fresh SQLite database with <c>demo-data --scale N</c>, starts the
/// portal (Release build, Production environment) as its own process on loopback, signs in as a demo administrator,
/// and drives the dashboard and, as the baseline in the same run, the change-password page (same layout, no data)
/// with C concurrent connections for a fixed time, alternating baseline and dashboard rounds. Prints requests/s and
/// p50/p95/p99 for both, the errors, and the ratio of the p95s.
/// </summary>
internal static class DashboardLoad
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        var scale = BenchPortal.Option(args, "--scale", 100);
        var connections = BenchPortal.Option(args, "--connections", 32);
        var seconds = BenchPortal.Option(args, "--seconds", 15);
        var rounds = BenchPortal.Option(args, "--rounds", 2);
        if (BenchPortal.ReleaseBuild() is not var (dll, web))
        {
            return 2;
        }

        var database = Path.Combine(Path.GetTempPath(), $"bizenv-bench-dashboard-{Environment.ProcessId}.db");
        var environment = BenchPortal.Environment(database, Path.Combine(Path.GetTempPath(), $"bizenv-bench-evidence-{Environment.ProcessId}"));
        try
        {
            Console.WriteLine($"Generating demo data at scale {scale} (demo-data --scale {scale}) …");
            var fill = Stopwatch.StartNew();
            var (exit, output) = await BenchPortal.RunToEndAsync(dll, web, environment, "demo-data", "--scale", scale.ToString(Invariant), "--password", BenchPortal.Password);
            if (exit != 0)
            {
                Console.Error.WriteLine(output);
                return 1;
            }

            Console.WriteLine($"  {output.Split('\n').First(l => l.StartsWith("已生成演示数据", StringComparison.Ordinal)).Trim()}");
            Console.WriteLine($"  ({fill.Elapsed.TotalSeconds:F0} s, database {new FileInfo(database).Length / 1024 / 1024} MB)");

            var sqlite = await MeasurePortalsAsync("SQLite", dll, web, environment, connections, seconds, rounds);
            if (BenchPortal.Text(args, "--postgres") is not { } server)
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
                var (copied, copyOutput) = await BenchPortal.RunToEndAsync(dll, web, environment, "copy-database", "--to-provider", "PostgreSQL", "--to-connection", postgres);
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
                await BenchPortal.DropPostgresDatabaseAsync(server, $"bizenv_bench_{Environment.ProcessId}");
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
        var cachedAddress = new Uri($"http://127.0.0.1:{BenchPortal.FreePort()}");
        var uncachedAddress = new Uri($"http://127.0.0.1:{BenchPortal.FreePort()}");
        using var cached = BenchPortal.Start(dll, web, environment, "--urls", cachedAddress.ToString().TrimEnd('/'));
        using var uncached = BenchPortal.Start(dll, web, new Dictionary<string, string>(environment) { ["Dashboard__Cache"] = "false" },
            "--urls", uncachedAddress.ToString().TrimEnd('/'));
        try
        {
            await BenchPortal.WaitUntilUpAsync(cachedAddress, cached);
            await BenchPortal.WaitUntilUpAsync(uncachedAddress, uncached);
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
            page.Cookie = await BenchPortal.SignInAsync(page.Server, "demo-admin-001");
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

        public BenchPortal.Sample Sample { get; } = new();

        public HttpClient Client => field ??= new HttpClient(_handler, disposeHandler: false) { BaseAddress = Server, Timeout = TimeSpan.FromSeconds(30) };

        public void Dispose()
        {
            Client.Dispose();
            _handler.Dispose();
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
}
