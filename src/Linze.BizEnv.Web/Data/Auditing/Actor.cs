using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.Web.Data.Auditing;

/// <summary>Who is acting, for the audit trail: the signed-in user, or the command line / the system.</summary>
public sealed record Actor(string? UserId, string? UserName, int? UnitId, string? UnitName, string? ClientAddress)
{
    public static Actor System { get; } = new(null, "系统", null, null, null);

    /// <summary>An audit line saying this actor did <paramref name="action"/> at <paramref name="atUtc"/>; the caller adds what it was done to.</summary>
    public AuditEntry Did(AuditAction action, DateTime atUtc) => new()
    {
        AtUtc = atUtc,
        Action = action,
        UserId = UserId,
        UserName = UserName,
        UnitId = UnitId,
        UnitName = UnitName,
        ClientAddress = ClientAddress,
    };
}

public interface ICurrentActor
{
    Actor Current { get; }
}
