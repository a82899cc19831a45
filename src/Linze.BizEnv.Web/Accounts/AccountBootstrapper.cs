using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Domain;
using Microsoft.AspNetCore.Identity;

namespace Linze.BizEnv.Web.Accounts;

/// <summary>
/// Creates the four roles and, when no administrator exists, the account <c>admin</c> with a one-time password:
/// <c>Bootstrap:AdminPassword</c> if set, else a random one written once to the console (not to the log file).
/// </summary>
public sealed class AccountBootstrapper(
    RoleManager<IdentityRole> roles,
    UserManager<AppUser> users,
    AccountService accounts,
    IConfiguration configuration,
    ILogger<AccountBootstrapper> logger) : IAfterMigration
{
    public const string AdminUserName = "admin";

    public async Task EnsureAsync(CancellationToken ct = default)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0)
        {
            return;
        }

        var configured = configuration["Bootstrap:AdminPassword"];
        CreatedAccount admin;
        try
        {
            admin = await accounts.CreateAsync(AdminUserName, "县营商办管理员", Roles.Admin, null, string.IsNullOrEmpty(configured) ? null : configured);
        }
        catch (RefusedException refused)
        {
            throw new InvalidOperationException($"无法创建初始管理员账号 {AdminUserName}：{refused.Message}", refused);
        }

        logger.LogInformation("已创建初始管理员账号 {UserName}，首次登录须修改密码。Created the initial administrator account", AdminUserName);
        if (string.IsNullOrEmpty(configured))
        {
            Console.WriteLine($"""

                ================================================================
                  初始管理员账号：{AdminUserName}
                  一次性密码：    {admin.OneTimePassword}
                  首次登录后须修改密码。此密码只显示这一次，请妥善保管。
                ================================================================

                """);
        }
    }
}
