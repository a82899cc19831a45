using Microsoft.AspNetCore.Identity;

namespace Linze.BizEnv.Web.Domain;

/// <summary>A login. A user in the <c>Unit</c> role is bound to exactly one unit.</summary>
public class AppUser : IdentityUser, IHasCreatedAt
{
    /// <summary>The person's name as shown in the portal and the audit log.</summary>
    public string? DisplayName { get; set; }

    public int? UnitId { get; set; }

    public Unit? Unit { get; set; }

    /// <summary>For a user in the <c>Leader</c> role: the county leader (责任领导) they are, so their indicators come first.</summary>
    public int? LeaderId { get; set; }

    public Leader? Leader { get; set; }

    /// <summary>Set at creation and after an administrator's reset; the user must choose a new password first.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>A disabled account cannot sign in; its open sessions end within a minute.</summary>
    public bool IsDisabled { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>
    /// The kinds of notification the user chose not to receive by email or robot @-mention (a bit per
    /// <see cref="Notifications.NotificationKind"/>); 催办 is sent whatever this says. In-portal messages always arrive.
    /// </summary>
    public int MutedNotificationKinds { get; set; }

    public DateTime? LastLoginAtUtc { get; set; }
}
