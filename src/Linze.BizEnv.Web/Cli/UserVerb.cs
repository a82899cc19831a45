using Linze.BizEnv.Web.Accounts;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Cli;

/// <summary><c>user add|reset|list</c>: accounts from the server, for when no administrator can sign in.</summary>
internal static class UserVerb
{
    public static async Task<int> AddAsync(IServiceProvider sp, string userName, string[] options, TextWriter output, TextWriter error)
    {
        var parsed = CommandLine.ParseOptions(options, "--role", "--unit", "--name", "--leader");
        if (parsed is null || !parsed.TryGetValue("--role", out var roleText))
        {
            await error.WriteLineAsync("用法：user add <用户名> --role <Admin|Leader|Unit|Viewer> [--unit <单位名称>] [--leader <领导姓名>] [--name <姓名>]");
            return 2;
        }

        if (Roles.Parse(roleText) is not { } role)
        {
            await error.WriteLineAsync($"无效的角色：{roleText}。可选：{string.Join("、", Roles.All)}。");
            return 2;
        }

        await sp.GetRequiredService<DatabaseInitialiser>().InitialiseAsync();
        var db = sp.GetRequiredService<BizEnvDbContext>();
        var unit = await LookUpAsync(parsed, "--unit", name => db.Units.Where(u => u.Name == name).Select(u => (int?)u.Id), "单位");
        var leader = await LookUpAsync(parsed, "--leader", name => db.Leaders.Where(l => l.Name == name).Select(l => (int?)l.Id), "责任领导");
        if ((unit.Missing ?? leader.Missing) is { } missing)
        {
            await error.WriteLineAsync(missing);
            return 1;
        }

        CreatedAccount account;
        try
        {
            account = await sp.GetRequiredService<AccountService>().CreateAsync(
                userName, parsed.GetValueOrDefault("--name"), role, unit.Id, leaderId: leader.Id);
        }
        catch (RefusedException refused)
        {
            await error.WriteLineAsync($"创建账号失败：{refused.Message}");
            return 1;
        }

        await output.WriteLineAsync($"已创建账号 {account.User.UserName}（{Roles.ToChinese(role)}{(account.UnitName is null ? "" : "，" + account.UnitName)}）");
        await output.WriteLineAsync($"一次性密码：{account.OneTimePassword}");
        await output.WriteLineAsync("首次登录后须修改密码。此密码只显示这一次。");
        return 0;
    }

    public static async Task<int> ResetAsync(IServiceProvider sp, string userName, TextWriter output, TextWriter error)
    {
        await sp.GetRequiredService<DatabaseInitialiser>().InitialiseAsync();
        var user = await sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Domain.AppUser>>().FindByNameAsync(userName);
        if (user is null)
        {
            await error.WriteLineAsync($"找不到账号：{userName}");
            return 1;
        }

        string password;
        try
        {
            password = await sp.GetRequiredService<AccountService>().ResetPasswordAsync(user.Id);
        }
        catch (RefusedException refused)
        {
            await error.WriteLineAsync($"重置密码失败：{refused.Message}");
            return 1;
        }

        await output.WriteLineAsync($"已重置 {userName} 的密码，并解除锁定。");
        await output.WriteLineAsync($"一次性密码：{password}");
        await output.WriteLineAsync("首次登录后须修改密码。此密码只显示这一次。");
        return 0;
    }

    public static async Task<int> ListAsync(IServiceProvider sp, TextWriter output)
    {
        await sp.GetRequiredService<DatabaseInitialiser>().InitialiseAsync();
        var accounts = sp.GetRequiredService<AccountService>();
        var page = 1;
        var (rows, total) = await accounts.ListAsync(null, page);
        await output.WriteLineAsync($"共 {total} 个账号：");
        while (rows.Count > 0)
        {
            foreach (var row in rows)
            {
                var state = row.IsDisabled ? "已停用" : row.IsLockedOut ? "已锁定" : "正常";
                await output.WriteLineAsync($"{row.UserName}\t{Roles.ToChinese(row.Role)}\t{row.UnitName ?? "-"}\t{state}{(row.MustChangePassword ? "\t待改密码" : "")}");
            }

            (rows, _) = await accounts.ListAsync(null, ++page);
        }

        return 0;
    }

    /// <summary>The id named by an option, or a message saying it was not found; neither when the option is absent.</summary>
    private static async Task<(int? Id, string? Missing)> LookUpAsync(
        Dictionary<string, string> options, string option, Func<string, IQueryable<int?>> find, string what)
    {
        if (!options.TryGetValue(option, out var name))
        {
            return (null, null);
        }

        var id = await find(name).SingleOrDefaultAsync();
        return id is null ? (null, $"找不到{what}：{name}") : (id, null);
    }
}
