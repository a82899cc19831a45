using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Linze.BizEnv.Web.Data;

/// <summary>
/// Stamps <see cref="IHasCreatedAt.CreatedAtUtc"/> on rows added and <see cref="IHasUpdatedAt.UpdatedAtUtc"/> on rows
/// edited, from the portal's clock, whoever saves them (a page, an import, the CLI), as jasontaylordev's
/// CleanArchitecture <c>AuditableEntityInterceptor</c> does. A creation time already set is kept (demo data writes
/// its history with past times). Moving a row to another unit or problem (only its foreign keys change, as in a unit
/// merge) is not an edit of what it says. Registered before the audit interceptor, so the trail records the stamps.
/// </summary>
public sealed class TimestampInterceptor(TimeProvider time) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Stamp(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        context.ChangeTracker.DetectChanges();
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry is { State: EntityState.Added, Entity: IHasCreatedAt created } && created.CreatedAtUtc == default)
            {
                created.CreatedAtUtc = now;
            }
            else if (entry is { State: EntityState.Modified, Entity: IHasUpdatedAt updated } && IsEdit(entry))
            {
                updated.UpdatedAtUtc = now;
            }
        }
    }

    private static bool IsEdit(EntityEntry entry) =>
        entry.Properties.Any(p => p.IsModified && !p.Metadata.IsForeignKey() && p.Metadata.Name != nameof(IHasUpdatedAt.UpdatedAtUtc));
}
