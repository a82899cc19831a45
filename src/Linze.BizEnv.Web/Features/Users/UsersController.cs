using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Linze.BizEnv.Web.Accounts;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Common;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Data.Auditing;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Excel;
using Linze.BizEnv.Web.Features.Errors;
using Linze.BizEnv.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Features.Users;

/// <summary>Account administration for the county office (Admin only).</summary>
[Authorize(Roles = Roles.Admin)]
[Route("admin/users")]
public sealed class UsersController(
    AccountService accounts, BizEnvDbContext db, AuditTrail audit, PasswordSheets sheets, IOptions<PortalOptions> portal, TimeProvider time) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, int page = 1, CancellationToken ct = default)
    {
        var (rows, total) = await accounts.ListAsync(q, page, ct);
        var unitsWithout = await db.Units.CountAsync(u => !db.Users.Any(user => user.UnitId == u.Id), ct);
        return View(new UserIndexModel(q, rows, new Pager(page, AccountService.PageSize, total), unitsWithout, await accounts.LockedAccountsAsync(ct),
            sheets.PendingFor(User.FindFirstValue(ClaimTypes.NameIdentifier)!)));
    }

    [HttpGet("new")]
    public async Task<IActionResult> Create(CancellationToken ct) => View(await WithChoicesAsync(new UserFormModel { Role = Roles.Unit }, ct));

    [HttpPost("new")]
    [ShowsFormErrors]
    public async Task<IActionResult> Create(UserFormModel model, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            try
            {
                var account = await accounts.CreateAsync(model.UserName!, model.DisplayName, model.Role!, model.UnitId, leaderId: model.LeaderId);
                return OneTimePassword(account.User.UserName!, account.OneTimePassword, "账号已创建");
            }
            catch (RefusedException refused)
            {
                AddErrors(refused.Reasons);
            }
        }

        return Refused(await WithChoicesAsync(model, ct));
    }

    [HttpGet("{id}/edit")]
    public async Task<IActionResult> Edit(string id, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return NotFound();
        }

        var role = await db.UserRoles.Where(ur => ur.UserId == id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefaultAsync(ct);
        return View(await WithChoicesAsync(new UserFormModel { Id = id, UserName = user.UserName, DisplayName = user.DisplayName, Role = role, UnitId = user.UnitId, LeaderId = user.LeaderId }, ct));
    }

    [HttpPost("{id}/edit")]
    [ShowsFormErrors]
    public async Task<IActionResult> Edit(string id, UserFormModel model, CancellationToken ct)
    {
        ModelState.Remove(nameof(UserFormModel.UserName));
        if (ModelState.IsValid)
        {
            try
            {
                var user = await accounts.ChangeRoleAsync(id, model.Role!, model.UnitId, model.DisplayName, model.LeaderId);
                TempData["Notice"] = $"已保存账号“{user.UserName}”的角色与单位。";
                return RedirectToAction(nameof(Index));
            }
            catch (RefusedException refused)
            {
                AddErrors(refused.Reasons);
            }
        }

        model.Id = id;
        return Refused(await WithChoicesAsync(model, ct));
    }

    [HttpPost("{id}/disable")]
    public Task<IActionResult> Disable(string id) => SetDisabled(id, true);

    [HttpPost("{id}/enable")]
    public Task<IActionResult> Enable(string id) => SetDisabled(id, false);

    /// <summary>Lifts a lockout (ADR-0009): after checking with the account's owner that the failures were not theirs to worry about.</summary>
    [HttpPost("{id}/unlock")]
    public async Task<IActionResult> Unlock(string id, CancellationToken ct)
    {
        try
        {
            var user = await accounts.UnlockAsync(id);
            await audit.RecordOnAccountAsync(AuditAction.Unlocked, user, ct);
            TempData["Notice"] = $"已解锁账号“{user.UserName}”。";
        }
        catch (RefusedException refused)
        {
            TempData["Error"] = refused.Message;
        }

        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{id}/reset-password")]
    public async Task<IActionResult> ResetPassword(string id)
    {
        try
        {
            var password = await accounts.ResetPasswordAsync(id);
            var userName = await db.Users.Where(u => u.Id == id).Select(u => u.UserName).SingleAsync();
            return OneTimePassword(userName!, password, "密码已重置");
        }
        catch (RefusedException refused)
        {
            TempData["Error"] = refused.Message;
            return RedirectToAction(nameof(Index));
        }
    }

    /// <summary>
    /// Creates an account for every unit that has none and goes back to the list, which shows them and offers their
    /// password slips (a workbook) for one download.
    /// </summary>
    [HttpPost("create-for-units")]
    public async Task<IActionResult> CreateForUnits()
    {
        var batch = await accounts.CreateForUnitsWithoutAccountsAsync();
        if (batch.Failures.Count > 0)
        {
            // Shown on the next page the office opens; the workbook below still holds every account that was created.
            TempData["Error"] = $"以下 {batch.Failures.Count} 个单位未能创建账号，请在“新建账号”中为其手工创建：{string.Join("；", batch.Failures)}。";
        }

        if (batch.Created.Count == 0)
        {
            if (batch.Failures.Count == 0)
            {
                TempData["Notice"] = "所有责任单位都已有账号，未创建新账号。";
            }

            return RedirectToAction(nameof(Index));
        }

        var today = DateOnly.FromDateTime(ChinaTime.From(time.GetUtcNow().UtcDateTime));
        using var stream = new MemoryStream();
        var address = string.IsNullOrWhiteSpace(portal.Value.PublicUrl) ? $"{Request.Scheme}://{Request.Host}{Request.PathBase}" : portal.Value.PublicUrl.Trim();
        InitialPasswordsExporter.Write(batch.Created, today, address, stream);
        TempData["Notice"] = $"已为 {batch.Created.Count} 个单位创建账号，见下表。请立即下载一次性密码表（只能下载一次，{PasswordSheets.Lifetime.TotalMinutes:0} 分钟内有效），打印后沿虚线剪开分发。";
        sheets.Keep(User.FindFirstValue(ClaimTypes.NameIdentifier)!, $"单位初始账号-{today:yyyyMMdd}.xlsx", stream.ToArray());
        TempData["PasswordSheetMade"] = true; // downloaded by itself once, on the next page only
        return RedirectToAction(nameof(Index));
    }

    /// <summary>The password slips of the last batch, once, for the administrator who created it.</summary>
    [HttpGet("password-sheet/{token:length(32)}")]
    public IActionResult PasswordSheet(string token)
    {
        Response.Headers.CacheControl = "no-store";
        if (sheets.Take(User.FindFirstValue(ClaimTypes.NameIdentifier)!, token) is not { } sheet)
        {
            return ErrorPages.View(HttpContext, StatusCodes.Status404NotFound, "密码表已下载过或已失效",
                $"一次性密码表只能下载一次，并在创建账号后 {PasswordSheets.Lifetime.TotalMinutes:0} 分钟内有效。如未拿到，请在下表中为相应账号“重置密码”。", "/admin/users");
        }

        return File(sheet.Workbook, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", sheet.FileName);
    }

    private async Task<IActionResult> SetDisabled(string id, bool disabled)
    {
        try
        {
            var user = await accounts.SetDisabledAsync(id, disabled);
            TempData["Notice"] = disabled ? $"已停用账号“{user.UserName}”。" : $"已启用账号“{user.UserName}”。";
        }
        catch (RefusedException refused)
        {
            TempData["Error"] = refused.Message;
        }

        return RedirectToAction(nameof(Index));
    }

    private ViewResult OneTimePassword(string userName, string password, string title)
    {
        // Shown once: never cached, never put in a URL or TempData.
        Response.Headers.CacheControl = "no-store";
        return View(nameof(OneTimePassword), new OneTimePasswordModel(title, userName, password));
    }

    /// <summary>The units and leaders the form offers.</summary>
    private async Task<UserFormModel> WithChoicesAsync(UserFormModel model, CancellationToken ct)
    {
        model.Units = await db.Units.AsNoTracking().OrderBy(u => u.Name).Select(u => new NamedLink(u.Id, u.Name)).ToListAsync(ct);
        model.Leaders = await Leader.InListOrder(db.Leaders.AsNoTracking()).Select(l => new NamedLink(l.Id, l.Name)).ToListAsync(ct);
        return model;
    }

    /// <summary>The form again with what was typed and why it was refused (422, like every refused form).</summary>
    private ViewResult Refused(UserFormModel model)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(model);
    }

    private void AddErrors(IEnumerable<string> errors)
    {
        foreach (var error in errors)
        {
            ModelState.AddModelError("", error);
        }
    }
}

/// <param name="PendingSheet">The token of this administrator's password slips not downloaded yet, if any.</param>
public sealed record UserIndexModel(string? Search, IReadOnlyList<AccountRow> Users, Pager Pager, int UnitsWithoutAccounts, IReadOnlyList<LockedAccount> Locked, string? PendingSheet);

public sealed record OneTimePasswordModel(string Title, string UserName, string Password);

public sealed class UserFormModel
{
    [BindNever]
    public string? Id { get; set; }

    [Required(ErrorMessage = "请输入用户名。")]
    [StringLength(64, MinimumLength = 2, ErrorMessage = "用户名须为 2–64 个字符。")]
    [Display(Name = "用户名")]
    public string? UserName { get; set; }

    [StringLength(50, ErrorMessage = "姓名不能超过 50 个字符。")]
    [Display(Name = "姓名")]
    public string? DisplayName { get; set; }

    [Required(ErrorMessage = "请选择角色。")]
    [StringLength(32, ErrorMessage = "请选择列出的角色。")]
    [Display(Name = "角色")]
    public string? Role { get; set; }

    [Display(Name = "所属单位")]
    public int? UnitId { get; set; }

    public IReadOnlyList<NamedLink> Units { get; set; } = [];

    [Display(Name = "对应责任领导")]
    public int? LeaderId { get; set; }

    public IReadOnlyList<NamedLink> Leaders { get; set; } = [];
}
