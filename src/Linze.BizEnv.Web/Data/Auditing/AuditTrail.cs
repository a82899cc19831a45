using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.Web.Data.Auditing;

/// <summary>Writes sign-in events (login, failure, lockout, logout) and account actions, which are not entity changes.</summary>
public sealed class AuditTrail(BizEnvDbContext db, ICurrentActor actor, TimeProvider time)
{
    /// <summary>A sign-in event of <paramref name="user"/> (or of a name typed at the login form that matches no account).</summary>
    public Task RecordAsync(AuditAction action, string? userName, AppUser? user, CancellationToken ct = default)
    {
        var who = actor.Current;
        var name = user?.UserName ?? Typed(userName);
        return AddAsync(action, new Actor(user?.Id, name, user?.UnitId ?? who.UnitId, user?.Unit?.Name ?? who.UnitName, who.ClientAddress), user, ct);
    }

    /// <summary>An administrator's action on an account that changes nothing a data-change line would show (an unlock).</summary>
    public Task RecordOnAccountAsync(AuditAction action, AppUser account, CancellationToken ct = default) =>
        AddAsync(action, actor.Current, account, ct);

    /// <summary>
    /// A name typed at the login form, as the audit trail may show it: cut to the column (the form bounds it too, but the
    /// trail never trusts it), and with invisible characters removed and said, so "\u202Enimda" cannot pass for "admin".
    /// </summary>
    private static string? Typed(string? userName)
    {
        if (userName is null)
        {
            return null;
        }

        var shown = PlainText.HasInvisible(userName) ? PlainText.WithoutInvisible(userName) + "（含不可见字符）" : userName;
        return shown.Length > FieldLengths.Name ? shown[..FieldLengths.Name] : shown;
    }

    private async Task AddAsync(AuditAction action, Actor who, AppUser? account, CancellationToken ct)
    {
        var line = who.Did(action, time.GetUtcNow().UtcDateTime);
        line.EntityType = account is null ? null : nameof(AppUser);
        line.EntityKey = account?.Id;
        db.AuditEntries.Add(line);
        await db.SaveChangesAsync(ct);
    }
}
