namespace Linze.BizEnv.Web.Data.Auditing;

/// <summary>Who is acting, for the audit trail: the signed-in user, or the command line / the system.</summary>
public sealed record Actor(string? UserId, string? UserName, int? UnitId, string? UnitName, string? ClientAddress)
{
    public static Actor System { get; } = new(null, "系统", null, null, null);
}

public interface ICurrentActor
{
    Actor Current { get; }
}
