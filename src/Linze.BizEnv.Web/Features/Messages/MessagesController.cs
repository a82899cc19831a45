using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Notifications;
using Linze.BizEnv.Web.Features.Errors;
using Linze.BizEnv.Web.Features.Shared;
using Linze.BizEnv.Web.Notifications;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Features.Messages;

/// <summary>站内消息: the signed-in user's notifications (the bell), and which kinds they also want by email or robot.</summary>
[Authorize]
[Route("messages")]
public sealed class MessagesController(BizEnvDbContext db, TimeProvider time) : Controller
{
    public const int PageSize = 20;

    /// <summary>The kinds a user may turn off outside the portal, in the order the settings page lists them (催办 is always sent).</summary>
    public static readonly IReadOnlyList<NotificationKind> Optional =
        [NotificationKind.Returned, NotificationKind.Instruction, NotificationKind.ExtensionDecided, NotificationKind.Closed, NotificationKind.Digest];

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    [HttpGet("")]
    public async Task<IActionResult> Index(int page = 1, CancellationToken ct = default)
    {
        var mine = db.NotificationRecipients.AsNoTracking().Where(r => r.UserId == UserId);
        var pager = new Pager(page, PageSize, await mine.CountAsync(ct));
        var rows = await mine.OrderByDescending(r => r.NotificationId)
            .Skip((pager.Current - 1) * PageSize).Take(PageSize)
            .Select(r => new MessageRow(r.Id, r.Notification.Kind, r.Notification.Title, r.Notification.Body, r.Notification.SenderName, r.Notification.CreatedAtUtc, r.ReadAtUtc != null))
            .ToListAsync(ct);
        return View(new MessagesPage(rows, pager));
    }

    /// <summary>Opens a message: marks it read and goes to the item it is about.</summary>
    [HttpGet("{id:long}")]
    public async Task<IActionResult> Open(long id, CancellationToken ct)
    {
        var message = await db.NotificationRecipients.Where(r => r.Id == id && r.UserId == UserId).Select(r => new { r.Notification.Link }).SingleOrDefaultAsync(ct);
        if (message is null)
        {
            return NotFound();
        }

        var now = time.GetUtcNow().UtcDateTime;
        await db.NotificationRecipients.Where(r => r.Id == id && r.ReadAtUtc == null).ExecuteUpdateAsync(s => s.SetProperty(r => r.ReadAtUtc, now), ct);
        // Only addresses inside the portal: a link is written by the portal, but never trust it to leave.
        return message.Link is { } link && link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal) && !link.StartsWith("/\\", StringComparison.Ordinal)
            ? LocalRedirect(link) : RedirectToAction(nameof(Index));
    }

    [HttpPost("read-all")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> ReadAll(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var count = await db.NotificationRecipients.Where(r => r.UserId == UserId && r.ReadAtUtc == null).ExecuteUpdateAsync(s => s.SetProperty(r => r.ReadAtUtc, now), ct);
        TempData["Notice"] = count == 0 ? "没有未读消息。" : $"已将 {count} 条消息标为已读。";
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("settings")]
    public async Task<IActionResult> Settings(CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == UserId, ct);
        return View(new NotificationSettingsForm
        {
            Email = user.Email,
            Mobile = user.PhoneNumber,
            Kinds = [.. Optional.Where(k => Outbox.Receives(user.MutedNotificationKinds, k))],
        });
    }

    [HttpPost("settings")]
    [ValidateAntiForgeryToken]
    [ShowsFormErrors]
    public async Task<IActionResult> Settings(NotificationSettingsForm form, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(form);
        }

        var user = await db.Users.SingleAsync(u => u.Id == UserId, ct);
        var email = string.IsNullOrWhiteSpace(form.Email) ? null : form.Email.Trim();
        user.Email = email;
        user.NormalizedEmail = email?.ToUpperInvariant();
        user.PhoneNumber = string.IsNullOrWhiteSpace(form.Mobile) ? null : form.Mobile.Trim();
        user.MutedNotificationKinds = Optional.Where(k => !form.Kinds.Contains(k)).Aggregate(0, (bits, k) => bits | Outbox.Bit(k));
        await db.SaveChangesAsync(ct);
        TempData["Notice"] = "通知设置已保存。";
        return RedirectToAction(nameof(Settings));
    }
}

public sealed record MessageRow(long Id, NotificationKind Kind, string Title, string Body, string? SenderName, DateTime CreatedAtUtc, bool IsRead);

public sealed record MessagesPage(IReadOnlyList<MessageRow> Rows, Pager Pager);

public sealed class NotificationSettingsForm
{
    [Display(Name = "电子邮箱")]
    [StringLength(100, ErrorMessage = "{0}不能超过 {1} 个字符。")]
    [EmailAddress(ErrorMessage = "{0}格式不正确，应为 name@example.gov.cn 的形式。")]
    public string? Email { get; set; }

    [Display(Name = "手机号码")]
    [StringLength(20, ErrorMessage = "{0}不能超过 {1} 个字符。")]
    [RegularExpression(@"^\s*1\d{10}\s*$", ErrorMessage = "{0}应为 11 位数字（以 1 开头），用于钉钉群消息中 @ 您。")]
    public string? Mobile { get; set; }

    /// <summary>The kinds the user wants by email and robot @-mention.</summary>
    public List<NotificationKind> Kinds { get; set; } = [];
}
