using System.Security.Claims;
using Linze.BizEnv.Web.Data.Auditing;

namespace Linze.BizEnv.Web.Authorization;

/// <summary>The signed-in user of the current request as the audit trail's actor.</summary>
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
