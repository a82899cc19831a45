namespace Linze.BizEnv.Web.Domain;

/// <summary>What an audit entry records. Stored as text; names are stable.</summary>
public enum AuditAction
{
    Login,
    LoginFailed,
    LockedOut,
    Logout,
    PasswordChanged,
    Unlocked,
    Created,
    Updated,
    Deleted,
}

/// <summary>One line of the audit trail (等保 2.0): who did what to which record, when and from where.</summary>
public class AuditEntry
{
    public long Id { get; set; }

    public DateTime AtUtc { get; set; }

    public AuditAction Action { get; set; }

    /// <summary>The acting user's name, or the name typed at a failed login.</summary>
    public string? UserName { get; set; }

    public string? UserId { get; set; }

    public int? UnitId { get; set; }

    public string? UnitName { get; set; }

    /// <summary>The entity's type name for data changes (<c>Indicator</c>, <c>AppUser</c> …).</summary>
    public string? EntityType { get; set; }

    public string? EntityKey { get; set; }

    /// <summary>JSON: <c>{"Property": {"Before": …, "After": …}}</c>; secrets are never written.</summary>
    public string? Changes { get; set; }

    public string? ClientAddress { get; set; }
}

public static class AuditActionNames
{
    public static string ToChinese(this AuditAction action) => action switch
    {
        AuditAction.Login => "登录",
        AuditAction.LoginFailed => "登录失败",
        AuditAction.LockedOut => "账号锁定",
        AuditAction.Logout => "退出",
        AuditAction.PasswordChanged => "修改密码",
        AuditAction.Unlocked => "解锁账号",
        AuditAction.Created => "新增",
        AuditAction.Updated => "修改",
        AuditAction.Deleted => "删除",
        _ => action.ToString(),
    };
}
