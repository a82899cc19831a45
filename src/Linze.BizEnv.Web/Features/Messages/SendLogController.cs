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
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Features.Messages;

/// <summary>发送记录 (Admin): every notification with each channel's result; test messages; the units' robots.</summary>
[Authorize(Roles = Roles.Admin)]
[Route("admin/notifications")]
public sealed class SendLogController(BizEnvDbContext db, Outbox outbox, IOptions<NotificationOptions> options) : Controller
{
    public const int PageSize = 30;

    [HttpGet("")]
    public async Task<IActionResult> Index(NotificationKind? kind, DeliveryStatus? status, NotificationChannel? channel, int page = 1, CancellationToken ct = default)
    {
        if (!ModelState.IsValid || (kind is { } k && !Enum.IsDefined(k)) || (status is { } s && !Enum.IsDefined(s)) || (channel is { } c && !Enum.IsDefined(c)))
        {
            return ErrorPages.View(HttpContext, StatusCodes.Status400BadRequest, "查询条件有误",
                "发送记录的查询条件无法识别，请返回发送记录页从下拉列表中重新选择。", "/admin/notifications");
        }

        var query = db.Notifications.AsNoTracking();
        if (kind is not null)
        {
            query = query.Where(n => n.Kind == kind);
        }

        if (status is not null || channel is not null)
        {
            query = query.Where(n => n.Deliveries.Any(d => (status == null || d.Status == status) && (channel == null || d.Channel == channel)));
        }

        var pager = new Pager(page, PageSize, await query.CountAsync(ct));
        var rows = await query.OrderByDescending(n => n.Id)
            .Skip((pager.Current - 1) * PageSize).Take(PageSize)
            .Select(n => new SendLogRow(
                n.Id, n.Kind, n.Title, n.CreatedAtUtc, n.SenderName,
                n.UnitId == null ? null : db.Units.Where(u => u.Id == n.UnitId).Select(u => u.Name).FirstOrDefault(),
                n.Recipients.Count, n.Recipients.Count(r => r.ReadAtUtc != null),
                n.Deliveries.OrderBy(d => d.Id).Select(d => new DeliveryRow(d.Channel, d.Target, d.Status, d.Attempts, d.LastError, d.SentAtUtc, d.NextAttemptAtUtc)).ToList()))
            .ToListAsync(ct);
        var settings = options.Value;
        return View("~/Features/Messages/SendLog.cshtml", new SendLogPage(rows, pager, kind, status, channel, settings.Smtp.IsConfigured, settings.DingTalk.IsConfigured, settings.WeCom.IsConfigured));
    }

    /// <summary>A test message through one channel: email to the signed-in Admin's own address, robots to the county office's.</summary>
    [HttpPost("test")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Test(NotificationChannel channel, CancellationToken ct)
    {
        var settings = options.Value;
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var me = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Email, u.DisplayName, u.UserName }).SingleAsync(ct);
        if (!Enum.IsDefined(channel))
        {
            return ErrorPages.View(HttpContext, StatusCodes.Status400BadRequest, "无法识别的渠道", "请返回发送记录页，点击其中的测试按钮。", "/admin/notifications");
        }

        // Sent in any case as a portal message to the Admin; the channel's own test only where it is set up.
        var missing = channel switch
        {
            NotificationChannel.Email when !settings.Smtp.IsConfigured => "邮件未配置（Notifications:Smtp:Host、From）",
            NotificationChannel.Email when string.IsNullOrWhiteSpace(me.Email) => "您未在“通知设置”中填写电子邮箱",
            NotificationChannel.DingTalk when !settings.DingTalk.IsConfigured => "县营商办的钉钉机器人未配置（Notifications:DingTalk:Webhook）",
            NotificationChannel.WeCom when !settings.WeCom.IsConfigured => "县营商办的企业微信机器人未配置（Notifications:WeCom:Webhook）",
            _ => null,
        };

        var draft = new NoticeDraft(NotificationKind.Test, $"{channel.ToChinese()}测试消息", $"这是一条来自{Common.Portal.Name}的测试消息，收到即说明该渠道配置正确。", "/", SenderName: me.DisplayName ?? me.UserName);
        var notification = await outbox.ToUsersAsync([userId], draft, officeRobots: channel != NotificationChannel.Email, ct);
        foreach (var other in notification.Deliveries.Where(d => d.Channel != channel).ToList())
        {
            notification.Deliveries.Remove(other);
            db.Entry(other).State = EntityState.Detached;
        }

        await db.SaveChangesAsync(ct);
        TempData[missing is null ? "Notice" : "Error"] = missing is null
            ? $"测试消息已排队，将在几秒内经{channel.ToChinese()}发出，结果见下方列表（刷新页面查看）。"
            : $"{missing}，测试消息仅在站内送达（见“消息”）。";
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("robots/{unitId:int}")]
    public async Task<IActionResult> Robots(int unitId, CancellationToken ct)
    {
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == unitId)
            .Select(u => new RobotForm { UnitId = u.Id, UnitName = u.Name, DingTalkWebhook = u.DingTalkWebhook, HasSecret = u.DingTalkSecret != null, WeComWebhook = u.WeComWebhook })
            .SingleOrDefaultAsync(ct);
        return unit is null ? NotFound() : View("~/Features/Messages/Robots.cshtml", unit);
    }

    [HttpPost("robots/{unitId:int}")]
    [ValidateAntiForgeryToken]
    [ShowsFormErrors]
    public async Task<IActionResult> Robots(int unitId, RobotForm form, CancellationToken ct)
    {
        var unit = await db.Units.SingleOrDefaultAsync(u => u.Id == unitId, ct);
        if (unit is null)
        {
            return NotFound();
        }

        form.UnitId = unit.Id;
        form.UnitName = unit.Name;
        form.HasSecret = unit.DingTalkSecret != null;
        try
        {
            if (!ModelState.IsValid)
            {
                throw FormErrors.Refusal(ModelState);
            }

            var dingTalk = RobotAddress.Check(form.DingTalkWebhook, "钉钉机器人地址");
            var weCom = RobotAddress.Check(form.WeComWebhook, "企业微信机器人地址");
            var secret = form.DingTalkSecret?.Trim();
            FieldLengths.Check(secret, RobotAddress.SecretMaxLength, "加签密钥");
            unit.DingTalkWebhook = dingTalk;
            unit.WeComWebhook = weCom;
            unit.DingTalkSecret = form.ClearSecret || dingTalk is null ? null : string.IsNullOrEmpty(secret) ? unit.DingTalkSecret : secret;
            await db.SaveChangesAsync(ct);
        }
        catch (RefusedException refused)
        {
            ModelState.AddModelError("", refused.Message);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            form.DingTalkSecret = null;
            return View("~/Features/Messages/Robots.cshtml", form);
        }

        TempData["Notice"] = $"已保存{unit.Name}的群机器人设置。";
        return Redirect($"/units/{unit.Id}");
    }
}

public sealed record DeliveryRow(NotificationChannel Channel, string Target, DeliveryStatus Status, int Attempts, string? LastError, DateTime? SentAtUtc, DateTime NextAttemptAtUtc);

public sealed record SendLogRow(
    long Id, NotificationKind Kind, string Title, DateTime CreatedAtUtc, string? SenderName, string? UnitName, int Recipients, int Read, IReadOnlyList<DeliveryRow> Deliveries);

public sealed record SendLogPage(
    IReadOnlyList<SendLogRow> Rows, Pager Pager, NotificationKind? Kind, DeliveryStatus? Status, NotificationChannel? Channel, bool Email, bool DingTalk, bool WeCom);

public sealed class RobotForm
{
    /// <summary>Shown, never read from the form: the unit comes from the address.</summary>
    [Microsoft.AspNetCore.Mvc.ModelBinding.BindNever]
    public int UnitId { get; set; }

    [Microsoft.AspNetCore.Mvc.ModelBinding.BindNever]
    public string UnitName { get; set; } = "";

    [Microsoft.AspNetCore.Mvc.ModelBinding.BindNever]
    public bool HasSecret { get; set; }

    [Display(Name = "钉钉机器人地址")]
    [StringLength(RobotAddress.MaxLength, ErrorMessage = "{0}不能超过 {1} 个字符。")]
    public string? DingTalkWebhook { get; set; }

    [Display(Name = "加签密钥")]
    [StringLength(RobotAddress.SecretMaxLength, ErrorMessage = "{0}不能超过 {1} 个字符。")]
    public string? DingTalkSecret { get; set; }

    public bool ClearSecret { get; set; }

    [Display(Name = "企业微信机器人地址")]
    [StringLength(RobotAddress.MaxLength, ErrorMessage = "{0}不能超过 {1} 个字符。")]
    public string? WeComWebhook { get; set; }
}
