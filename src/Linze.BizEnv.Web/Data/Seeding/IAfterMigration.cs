namespace Linze.BizEnv.Web.Data.Seeding;

/// <summary>
/// Something that must hold once the database is migrated and seeded, at every start (such as "an administrator
/// exists"). Registered by the feature that owns it, so the database layer needs to know nothing of it.
/// </summary>
public interface IAfterMigration
{
    Task EnsureAsync(CancellationToken ct = default);
}
