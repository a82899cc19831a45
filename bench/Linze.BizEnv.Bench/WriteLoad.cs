using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Linze.BizEnv.Bench;

/// <summary>
/// Write benchmark (issue #17 item 7): N unit accounts (50) each record progress entries with a PDF of evidence on one of
/// their own problems, as fast as the portal acknowledges them, on SQLite, on PostgreSQL and on two instances sharing
/// that PostgreSQL database and one evidence folder. Prints acknowledged writes/s and p50/p95/p99 for each, and checks
/// that the database holds every acknowledged entry.
/// </summary>
internal static partial class WriteLoad
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private const string Marker = "基准写入";

    public static async Task<int> RunAsync(string[] args)
    {
        var scale = BenchPortal.Option(args, "--scale", 2);
        var users = BenchPortal.Option(args, "--users", 50);
        var seconds = BenchPortal.Option(args, "--seconds", 20);
        if (BenchPortal.ReleaseBuild() is not var (dll, web))
        {
            return 2;
        }

        var database = Path.Combine(Path.GetTempPath(), $"bizenv-bench-writes-{System.Environment.ProcessId}.db");
        var evidence = Path.Combine(Path.GetTempPath(), $"bizenv-bench-writes-evidence-{System.Environment.ProcessId}");
        var environment = new Dictionary<string, string>(BenchPortal.Environment(database, evidence))
        {
            // Nobody reads the notifications of a benchmark; their sender would compete for the same cores.
            ["Notifications__SenderEnabled"] = "false",
            // The guard against a runaway script (10 entries per account and problem a minute) would measure itself.
            ["Workflow__MaxWritesPerMinute"] = "1000000",
        };
        var results = new List<(string Name, Result Result)>();
        try
        {
            Console.WriteLine($"Generating demo data at scale {scale} …");
            var (exit, output) = await BenchPortal.RunToEndAsync(dll, web, environment, "demo-data", "--scale", scale.ToString(Invariant), "--password", BenchPortal.Password);
            if (exit != 0)
            {
                Console.Error.WriteLine(output);
                return 1;
            }

            results.Add(("SQLite, 1 instance", await MeasureAsync(dll, web, environment, 1, users, seconds, () => StoredOnSqliteAsync(database))));
            if (BenchPortal.Text(args, "--postgres") is { } server)
            {
                var name = $"bizenv_bench_writes_{System.Environment.ProcessId}";
                var postgres = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
                try
                {
                    Console.WriteLine("Copying the data to PostgreSQL (copy-database) …");
                    var (copied, copyOutput) = await BenchPortal.RunToEndAsync(dll, web, environment, "copy-database", "--to-provider", "PostgreSQL", "--to-connection", postgres);
                    if (copied != 0)
                    {
                        Console.Error.WriteLine(copyOutput);
                        return 1;
                    }

                    var onPostgres = new Dictionary<string, string>(environment) { ["Database__Provider"] = "PostgreSQL", ["ConnectionStrings__BizEnv"] = postgres };
                    results.Add(("PostgreSQL, 1 instance", await MeasureAsync(dll, web, onPostgres, 1, users, seconds, () => StoredOnPostgresAsync(postgres))));
                    results.Add(("PostgreSQL, 2 instances", await MeasureAsync(dll, web, onPostgres, 2, users, seconds, () => StoredOnPostgresAsync(postgres))));
                }
                finally
                {
                    await BenchPortal.DropPostgresDatabaseAsync(server, name);
                }
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(database + suffix);
            }

            if (Directory.Exists(evidence))
            {
                Directory.Delete(evidence, recursive: true);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{users} unit accounts writing entries with a 20 KB PDF each, {seconds} s per setup (Release, loopback, same 2-core machine as the client and the database):");
        Console.WriteLine($"{"setup",-26} {"acknowledged",12} {"writes/s",9} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"errors",7} {"stored",8} {"vs SQLite",10}");
        var baseline = results[0].Result.Sample;
        foreach (var (name, result) in results)
        {
            var s = result.Sample;
            Console.WriteLine($"{name,-26} {s.Count - s.Errors,12} {(s.Count - s.Errors) / s.Seconds,9:F1} {s.Percentile(50),8:F1} {s.Percentile(95),8:F1} {s.Percentile(99),8:F1} {s.Errors,7} {result.Stored,8} " +
                $"{((s.Count - s.Errors) / s.Seconds / ((baseline.Count - baseline.Errors) / baseline.Seconds)).ToString("F2", Invariant),9}×");
        }

        var lost = results.Where(r => r.Result.Stored != r.Result.Sample.Count - r.Result.Sample.Errors).ToList();
        foreach (var (name, result) in lost)
        {
            Console.WriteLine($"{name}: {result.Sample.Count - result.Sample.Errors} acknowledged but {result.Stored} stored");
        }

        return lost.Count == 0 && results.All(r => r.Result.Sample.Errors == 0) ? 0 : 1;
    }

    private sealed record Result(BenchPortal.Sample Sample, long Stored);

    /// <summary>Starts the instances, signs every user in (each on one instance in turn), writes for the given time and stops them.</summary>
    private static async Task<Result> MeasureAsync(string dll, string web, Dictionary<string, string> environment, int instances, int users, int seconds, Func<Task<long>> stored)
    {
        var addresses = Enumerable.Range(0, instances).Select(_ => new Uri($"http://127.0.0.1:{BenchPortal.FreePort()}")).ToList();
        var servers = addresses.Select(a => BenchPortal.Start(dll, web, environment, "--urls", a.ToString().TrimEnd('/'))).ToList();
        try
        {
            for (var i = 0; i < instances; i++)
            {
                await BenchPortal.WaitUntilUpAsync(addresses[i], servers[i]);
            }

            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = users + 8, UseCookies = false, AllowAutoRedirect = false };
            // The demo's unit accounts (two per unit) that have a problem in 我的工作, each on one instance in turn.
            var writers = new List<Writer>();
            var accounts = Enumerable.Range(1, 60).SelectMany(i => new[] { $"demo-unit-{i:D3}", $"demo-unit-{i:D3}b" });
            foreach (var account in accounts)
            {
                if (writers.Count == users)
                {
                    break;
                }

                if (await Writer.SignInAsync(handler, addresses[writers.Count % instances], account) is { } writer)
                {
                    writers.Add(writer);
                }
            }

            if (writers.Count < users)
            {
                throw new InvalidOperationException($"only {writers.Count} demo unit accounts have a problem to write on: use a larger --scale");
            }

            await DriveAsync(writers, TimeSpan.FromSeconds(3)); // warm-up: JIT, pools, the first files of the folder
            var before = await stored();
            var sample = new BenchPortal.Sample();
            sample.Add(await DriveAsync(writers, TimeSpan.FromSeconds(seconds)));
            var after = await stored();
            writers.ForEach(w => w.Dispose());
            return new Result(sample, after - before);
        }
        finally
        {
            foreach (var server in servers)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
                server.Dispose();
            }
        }
    }

    private static async Task<(List<double> Latencies, int Errors, double Seconds)> DriveAsync(List<Writer> writers, TimeSpan duration)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var wall = Stopwatch.StartNew();
        var done = await Task.WhenAll(writers.Select(w => w.WriteUntilAsync(deadline)));
        return ([.. done.SelectMany(d => d.Latencies)], done.Sum(d => d.Errors), wall.Elapsed.TotalSeconds);
    }

    /// <summary>One unit account on one instance, writing entries on the first problem of its 我的工作.</summary>
    private sealed partial class Writer(HttpClient client, string cookie, string token, int problem, string user) : IDisposable
    {
        private static int _errorsShown;

        /// <summary>The account signed in on its first problem in 我的工作; null when it has none.</summary>
        public static async Task<Writer?> SignInAsync(SocketsHttpHandler handler, Uri server, string user)
        {
            var cookie = await BenchPortal.SignInAsync(server, user);
            var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
            var work = await GetAsync(client, cookie, "/my-work");
            if (ProblemLink().Match(work) is not { Success: true } link)
            {
                client.Dispose();
                return null;
            }

            var problem = int.Parse(link.Groups[1].Value, Invariant);
            var page = await GetAsync(client, cookie, $"/problems/{problem}");
            return new Writer(client, cookie, BenchPortal.TokenPattern().Match(page).Groups[1].Value, problem, user);
        }

        public async Task<(List<double> Latencies, int Errors)> WriteUntilAsync(long deadline)
        {
            var latencies = new List<double>();
            var errors = 0;
            var today = Web.Domain.ChinaTime.Today(TimeProvider.System).ToString("yyyy-MM-dd", Invariant);
            for (var n = 0; Stopwatch.GetTimestamp() < deadline; n++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var form = new MultipartFormDataContent
                    {
                        { new StringContent(token), "__RequestVerificationToken" },
                        { new StringContent($"{Marker} {user} 第 {n} 条：按计划推进整改，附材料。"), "Text" },
                        { new StringContent(today), "Date" },
                        { new StringContent(Guid.NewGuid().ToString()), "SubmissionKey" },
                    };
                    var pdf = new ByteArrayContent(Pdf());
                    pdf.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
                    form.Add(pdf, "files", $"佐证材料{n}.pdf");
                    using var request = new HttpRequestMessage(HttpMethod.Post, $"/problems/{problem}/entries") { Content = form };
                    request.Headers.Add("Cookie", cookie);
                    using var response = await client.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.Redirect)
                    {
                        errors++;
                        if (Interlocked.Increment(ref _errorsShown) <= 3)
                        {
                            Console.Error.WriteLine($"[{user}] {(int)response.StatusCode}: {Regex.Replace(body, "<[^>]+>|\\s+", " ")[..Math.Min(300, body.Length)]}");
                        }
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    errors++;
                }

                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return (latencies, errors);
        }

        public void Dispose() => client.Dispose();

        /// <summary>A 20 KB PDF of its own, so that every entry stores a new file.</summary>
        private static byte[] Pdf() => Encoding.ASCII.GetBytes($"%PDF-1.4\n% {Guid.NewGuid():N}\n{new string('%', 20_000)}\n%%EOF\n");

        private static async Task<string> GetAsync(HttpClient client, string cookie, string url)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("Cookie", cookie);
            using var response = await client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsStringAsync();
        }

        [GeneratedRegex("href=\"/problems/([0-9]+)\"")]
        private static partial Regex ProblemLink();
    }

    private static async Task<long> StoredOnSqliteAsync(string database)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"ProgressEntries\" WHERE \"Text\" LIKE '{Marker}%'";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> StoredOnPostgresAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"SELECT COUNT(*) FROM \"ProgressEntries\" WHERE \"Text\" LIKE '{Marker}%'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
