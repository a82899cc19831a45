using Linze.BizEnv.Web.Accounts;
using Linze.BizEnv.Web.Data.Seeding;

namespace Linze.BizEnv.Web.Cli;

/// <summary><c>migrate</c>: applies the migrations, loads the default list into an empty database, makes sure an administrator exists.</summary>
internal static class MigrateVerb
{
    public static async Task<int> RunAsync(IServiceProvider sp, TextWriter output)
    {
        var initialiser = sp.GetRequiredService<DatabaseInitialiser>();
        var applied = await initialiser.MigrateAsync();
        var seeded = await initialiser.SeedAsync();
        await sp.GetRequiredService<AccountBootstrapper>().EnsureAsync();
        await output.WriteLineAsync(applied.Count == 0 ? "数据库已是最新结构。" : $"已应用 {applied.Count} 个迁移：{string.Join("、", applied)}");
        if (seeded)
        {
            await output.WriteLineAsync("已载入默认清单。");
        }

        return 0;
    }
}
