using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Accounts;

public sealed record CreatedAccount(AppUser User, string OneTimePassword, string? UnitName);

/// <summary>The accounts created for units without one, and each unit that could not get one, with the reason.</summary>
public sealed record UnitAccountsBatch(IReadOnlyList<CreatedAccount> Created, IReadOnlyList<string> Failures);

public sealed record LockedAccount(string Id, string UserName, DateTimeOffset LockedUntil);

public sealed record AccountRow(
    string Id, string UserName, string? DisplayName, string Role, int? UnitId, string? UnitName,
    bool IsDisabled, bool IsLockedOut, bool MustChangePassword, DateTime CreatedAtUtc, DateTime? LastLoginAtUtc);

/// <summary>
/// Account administration shared by the admin pages and the command line. Passwords handed out are one-time:
/// they are returned once, stored only as hashes, and must be changed at the next login.
/// </summary>
public sealed class AccountService(UserManager<AppUser> users, BizEnvDbContext db, TimeProvider time)
{
    public const int PageSize = 20;

    public async Task<(IReadOnlyList<AccountRow> Rows, int Total)> ListAsync(string? search, int page, CancellationToken ct = default)
    {
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim();
            query = query.Where(u => u.UserName!.Contains(s) || (u.DisplayName != null && u.DisplayName.Contains(s)) || (u.Unit != null && u.Unit.Name.Contains(s)));
        }

        var total = await query.CountAsync(ct);
        var now = time.GetUtcNow();
        var rows = await query
            .OrderBy(u => u.UserName)
            .Skip((Math.Max(page, 1) - 1) * PageSize).Take(PageSize)
            .Select(u => new
            {
                u.Id, u.UserName, u.DisplayName, u.UnitId, UnitName = u.Unit == null ? null : u.Unit.Name,
                u.IsDisabled, u.LockoutEnd, u.MustChangePassword, u.CreatedAtUtc, u.LastLoginAtUtc,
                Role = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return ([.. rows.Select(u => new AccountRow(u.Id, u.UserName!, u.DisplayName, u.Role ?? "", u.UnitId, u.UnitName,
            u.IsDisabled, u.LockoutEnd > now, u.MustChangePassword, u.CreatedAtUtc, u.LastLoginAtUtc))], total);
    }

    public async Task<CreatedAccount> CreateAsync(
        string userName, string? displayName, string role, int? unitId, string? password = null, int? leaderId = null)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        var account = await CreateCoreAsync(userName, displayName, role, unitId, password, leaderId);
        await transaction.CommitAsync(); // a refusal (thrown) leaves the transaction to roll back
        return account;
    }

    /// <summary>
    /// Creates one Unit account per unit that has none, named after the unit (<see cref="AccountNameFor"/>). Each account
    /// is created on its own: a unit that cannot get one is reported with the reason and the others still get theirs,
    /// so no password is ever handed out for an account that does not exist or lost for one that does.
    /// </summary>
    public async Task<UnitAccountsBatch> CreateForUnitsWithoutAccountsAsync()
    {
        var units = await db.Units.AsNoTracking()
            .Where(u => !db.Users.Any(user => user.UnitId == u.Id))
            .OrderBy(u => u.Name)
            .Select(u => new { u.Id, u.Name })
            .ToListAsync();
        var taken = (await db.Users.AsNoTracking().Select(u => u.NormalizedUserName).ToListAsync()).OfType<string>().ToHashSet();
        var created = new List<CreatedAccount>();
        var failures = new List<string>();
        foreach (var unit in units)
        {
            var userName = AccountNameFor(unit.Name, name => taken.Contains(users.NormalizeName(name)));
            try
            {
                var account = await CreateAsync(userName ?? throw new RefusedException("无法从单位名称得出可用的用户名"), null, Roles.Unit, unit.Id);
                taken.Add(users.NormalizeName(userName));
                created.Add(account);
            }
            catch (RefusedException refused)
            {
                // A second click sent at the same time created this unit's account first: not a failure to report.
                if (!await db.Users.AnyAsync(u => u.UnitId == unit.Id))
                {
                    failures.Add($"“{PlainText.Shorten(unit.Name, 30)}”：{refused.Message.TrimEnd('。')}");
                }
            }
        }

        return new UnitAccountsBatch(created, failures);
    }

    /// <summary>
    /// A unit's account name: its name without white space, cut to 64 characters, with a number added when the name
    /// is taken; null when no such name is left.
    /// </summary>
    public static string? AccountNameFor(string unitName, Func<string, bool> isTaken)
    {
        var name = new string([.. PlainText.WithoutInvisible(unitName).Where(c => !char.IsWhiteSpace(c))]);
        if (name.Length < 2)
        {
            return null;
        }

        var stem = name.Length > FieldLengths.IdentityKey ? name[..FieldLengths.IdentityKey] : name;
        for (var n = 1; n < 100; n++)
        {
            var suffix = n == 1 ? "" : n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var candidate = stem.Length + suffix.Length > FieldLengths.IdentityKey ? stem[..(FieldLengths.IdentityKey - suffix.Length)] + suffix : stem + suffix;
            if (!isTaken(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Identity's refusal (its messages are in Chinese: ChineseIdentityErrors), every reason kept.</summary>
    private static RefusedException Refused(IdentityResult result) => new([.. result.Errors.Select(e => e.Description)]);

    /// <summary>
    /// The 姓名 an account gets when none is typed: a unit's account is the unit (县住建局), a leader's the leader (周延年),
    /// so timelines, 批示 and the audit log never show a bare user name such as zhouyn.
    /// </summary>
    private async Task<string?> DefaultNameAsync(string role, int? unitId, int? leaderId) => FitPersonName(role switch
    {
        Roles.Unit when unitId is { } unit => await db.Units.Where(u => u.Id == unit).Select(u => u.Name).SingleOrDefaultAsync(),
        Roles.Leader when leaderId is { } leader => await db.Leaders.Where(l => l.Id == leader).Select(l => l.Name).SingleOrDefaultAsync(),
        _ => null,
    });

    /// <summary>A unit's name may be longer than a 姓名 holds: cut, with an ellipsis (a server database refuses the whole account otherwise).</summary>
    private static string? FitPersonName(string? name) =>
        name?.Length > FieldLengths.PersonName ? name[..(FieldLengths.PersonName - 1)] + "…" : name;

    private async Task<CreatedAccount> CreateCoreAsync(
        string userName, string? displayName, string role, int? unitId, string? password, int? leaderId)
    {
        userName = userName.Trim();
        if (userName.Length is < 2 or > 64 || userName.Any(char.IsWhiteSpace) || PlainText.HasInvisible(userName))
        {
            throw new RefusedException("用户名须为 2–64 个字符，且不能包含空格或不可见字符。");
        }

        if (displayName is not null && PlainText.HasInvisible(displayName))
        {
            displayName = PlainText.WithoutInvisible(displayName);
        }

        var check = await CheckRoleAndUnitAsync(role, unitId, leaderId);
        if (check is not null)
        {
            throw new RefusedException(check);
        }

        var user = new AppUser
        {
            UserName = userName,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? await DefaultNameAsync(role, unitId, leaderId) : displayName.Trim(),
            UnitId = role == Roles.Unit ? unitId : null,
            LeaderId = role == Roles.Leader ? leaderId : null,
            MustChangePassword = true,
            LockoutEnabled = true,
        };
        password ??= PasswordGenerator.Create();
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user, password);
        }
        catch (DbUpdateException)
        {
            // The same name saved by a concurrent request between Identity's duplicate check and this insert.
            db.ChangeTracker.Clear();
            throw new RefusedException($"用户名“{userName}”已被使用。");
        }

        if (!created.Succeeded)
        {
            throw Refused(created);
        }

        var inRole = await users.AddToRoleAsync(user, role);
        if (!inRole.Succeeded)
        {
            throw Refused(inRole);
        }

        var unitName = user.UnitId is null ? null : await db.Units.Where(u => u.Id == user.UnitId).Select(u => u.Name).SingleAsync();
        return new CreatedAccount(user, password, unitName);
    }

    public async Task<string> ResetPasswordAsync(string userId)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            throw new RefusedException("账号不存在。");
        }

        var password = PasswordGenerator.Create();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded)
        {
            throw Refused(reset);
        }

        user.MustChangePassword = true;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        // A new security stamp ends the user's open sessions.
        await users.UpdateSecurityStampAsync(user);
        return password;
    }

    /// <summary>Lifts a lockout now (the county office, after checking with the account's owner).</summary>
    public async Task<AppUser> UnlockAsync(string userId)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            throw new RefusedException("账号不存在。");
        }

        if (!await users.IsLockedOutAsync(user))
        {
            throw new RefusedException($"账号“{user.UserName}”未被锁定，无需解锁。");
        }

        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        return user;
    }

    /// <summary>Accounts locked now, for the county office's notice on the user list.</summary>
    public async Task<IReadOnlyList<LockedAccount>> LockedAccountsAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        // SQLite cannot compare DateTimeOffset values: take the few with a lockout date and compare here.
        var withLockout = await db.Users.AsNoTracking().Where(u => u.LockoutEnd != null)
            .Select(u => new { u.Id, u.UserName, u.LockoutEnd }).ToListAsync(ct);
        return [.. withLockout.Where(u => u.LockoutEnd > now).OrderBy(u => u.UserName, StringComparer.Ordinal)
            .Select(u => new LockedAccount(u.Id, u.UserName!, u.LockoutEnd!.Value))];
    }

    public async Task<AppUser> SetDisabledAsync(string userId, bool disabled)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            throw new RefusedException("账号不存在。");
        }

        if (disabled && await IsLastActiveAdminAsync(user))
        {
            throw new RefusedException("不能停用最后一个可用的管理员账号。");
        }

        user.IsDisabled = disabled;
        var updated = await users.UpdateSecurityStampAsync(user);
        return updated.Succeeded ? user : throw Refused(updated);
    }

    public async Task<AppUser> ChangeRoleAsync(string userId, string role, int? unitId, string? displayName, int? leaderId = null)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            throw new RefusedException("账号不存在。");
        }

        var check = await CheckRoleAndUnitAsync(role, unitId, leaderId);
        if (check is not null)
        {
            throw new RefusedException(check);
        }

        var current = await users.GetRolesAsync(user);
        if (role != Roles.Admin && current.Contains(Roles.Admin) && await IsLastActiveAdminAsync(user))
        {
            throw new RefusedException("不能取消最后一个可用管理员的管理员角色。");
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        if (!current.SequenceEqual([role]))
        {
            var removed = await users.RemoveFromRolesAsync(user, current);
            var added = removed.Succeeded ? await users.AddToRoleAsync(user, role) : removed;
            if (!added.Succeeded)
            {
                throw Refused(added);
            }
        }

        user.UnitId = role == Roles.Unit ? unitId : null;
        user.LeaderId = role == Roles.Leader ? leaderId : null;
        user.DisplayName = string.IsNullOrWhiteSpace(displayName) ? await DefaultNameAsync(role, unitId, leaderId) : PlainText.WithoutInvisible(displayName);
        var updated = await users.UpdateSecurityStampAsync(user);
        if (!updated.Succeeded)
        {
            throw Refused(updated);
        }

        await transaction.CommitAsync();
        return user;
    }

    private async Task<string?> CheckRoleAndUnitAsync(string role, int? unitId, int? leaderId)
    {
        if (!Roles.All.Contains(role))
        {
            return $"无效的角色：{role}。可选：{string.Join("、", Roles.All)}。";
        }

        if (role == Roles.Unit && (unitId is null || !await db.Units.AnyAsync(u => u.Id == unitId)))
        {
            return "单位用户必须绑定一个已有的责任单位。";
        }

        if (role == Roles.Leader && leaderId is not null && !await db.Leaders.AnyAsync(l => l.Id == leaderId))
        {
            return "所选责任领导不存在。";
        }

        return null;
    }

    private async Task<bool> IsLastActiveAdminAsync(AppUser user)
    {
        if (!await users.IsInRoleAsync(user, Roles.Admin))
        {
            return false;
        }

        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        return !admins.Any(a => a.Id != user.Id && !a.IsDisabled);
    }
}
