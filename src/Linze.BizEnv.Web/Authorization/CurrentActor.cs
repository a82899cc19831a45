using System.Security.Claims;

namespace Linze.BizEnv.Web.Authorization;

/// <summary>Who is acting, for the audit trail: the signed-in user, or the command line / the system.</summary>
public sealed record Actor(string? UserId, string? UserName, int? UnitId, string? UnitName, string? ClientAddress)
{
    public static Actor System { get; } = new(null, "系统", null, null, null);
}

public interface ICurrentActor
{
    Actor Current { get; }
}

internal sealed class HttpCurrentActor(IHttpContextAccessor accessor) : ICurrentActor
{
    public Actor Current
    {
        get
        {
            var http = accessor.HttpContext;
            if (http is null)
            {
                return Actor.System;
            }

            var user = http.User;
            var address = http.Connection.RemoteIpAddress?.ToString();
            return user.Identity?.IsAuthenticated == true
                ? new Actor(user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity.Name, user.UnitId(), user.UnitName(), address)
                : new Actor(null, null, null, null, address);
        }
    }
}
