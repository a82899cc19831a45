using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.Web.Data.Auditing;

/// <summary>Writes sign-in events (login, failure, lockout, logout), which are not entity changes.</summary>
public sealed class AuditTrail(BizEnvDbContext db, ICurrentActor actor, TimeProvider time)
{
    public async Task RecordAsync(AuditAction action, string? userName, AppUser? user, CancellationToken ct = default)
    {
        var who = actor.Current;
        db.AuditEntries.Add(new AuditEntry
        {
            AtUtc = time.GetUtcNow().UtcDateTime,
            Action = action,
            UserName = user?.UserName ?? userName,
            UserId = user?.Id,
            UnitId = user?.UnitId ?? who.UnitId,
            UnitName = user?.Unit?.Name ?? who.UnitName,
            ClientAddress = who.ClientAddress,
            EntityType = user is null ? null : nameof(AppUser),
            EntityKey = user?.Id,
        });
        await db.SaveChangesAsync(ct);
    }
}
