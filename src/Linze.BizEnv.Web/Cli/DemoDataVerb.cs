using Linze.BizEnv.Web.Accounts;
using Linze.BizEnv.Web.Data.Seeding;

namespace Linze.BizEnv.Web.Cli;

/// <summary><c>demo-data --scale n</c>: a city-scale demo database.</summary>
internal static class DemoDataVerb
{
    public static async Task<int> RunAsync(IServiceProvider sp, string[] options, TextWriter output, TextWriter error)
    {
        var parsed = CommandLine.ParseOptions(options, "--scale", "--password");
        if (parsed is null || !int.TryParse(parsed.GetValueOrDefault("--scale"), System.Globalization.CultureInfo.InvariantCulture, out var scale))
        {
            await error.WriteLineAsync("用法：demo-data --scale <n> [--password <密码>]");
            return 2;
        }

        var password = parsed.GetValueOrDefault("--password") ?? PasswordGenerator.Create();
        if (PasswordPolicy.Check(password, "demo-admin-001") is { Succeeded: false } refused)
        {
            await error.WriteLineAsync($"演示账号密码不符合密码规则：{string.Join("；", refused.Errors.Select(e => e.Description))}");
            return 2;
        }

        await sp.GetRequiredService<DatabaseInitialiser>().InitialiseAsync();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var summary = await sp.GetRequiredService<DemoData>().GenerateAsync(
            scale, password, new LineProgress(output));
        await output.WriteLineAsync(
            $"已生成演示数据（{started.Elapsed.TotalSeconds:F0} 秒）：{summary.Lists} 份清单、{summary.Indicators} 项指标、{summary.Problems} 个问题、" +
            $"{summary.ProgressEntries} 条进展、{summary.Metrics} 个对标指标项（{summary.Readings} 条本县现值）、{summary.Units} 个单位、{summary.Leaders} 位领导、{summary.Users} 个账号。");
        await output.WriteLineAsync($"演示账号（demo-admin-001、demo-leader-001、demo-unit-001、demo-viewer-001 等）的密码：{summary.Password}");
        return 0;
    }

    /// <summary>Prints progress lines as they come (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
    private sealed class LineProgress(TextWriter output) : IProgress<string>
    {
        public void Report(string value) => output.WriteLine(value);
    }
}
