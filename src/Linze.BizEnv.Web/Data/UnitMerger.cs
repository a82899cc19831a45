using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Data;

/// <summary>
/// Merges a unit into another (one unit written two ways, such as 县金融投资事务中心 / 县金融事务投资中心): its roles,
/// accounts, problems and progress move to the kept unit, the merged name becomes an alias that later imports map
/// to the kept unit, and the merged unit is removed. One transaction; every change is audited.
/// </summary>
public sealed class UnitMerger(BizEnvDbContext db)
{
    public async Task<string> MergeAsync(int keepId, int mergeId, CancellationToken ct = default)
    {
        if (keepId == mergeId)
        {
            throw new RefusedException("请选择两个不同的单位。");
        }

        var keep = await db.Units.SingleOrDefaultAsync(u => u.Id == keepId, ct) ?? throw new RefusedException("要保留的单位不存在。");
        var merge = await db.Units.SingleOrDefaultAsync(u => u.Id == mergeId, ct) ?? throw new RefusedException("要合并的单位不存在。");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        var keptRoles = await db.IndicatorUnits.Where(iu => iu.UnitId == keepId).ToDictionaryAsync(iu => iu.IndicatorId, ct);
        foreach (var role in await db.IndicatorUnits.Where(iu => iu.UnitId == mergeId).ToListAsync(ct))
        {
            db.IndicatorUnits.Remove(role);
            if (keptRoles.TryGetValue(role.IndicatorId, out var kept))
            {
                // Both held a role on the indicator: keep the stronger one (组长 > 副组长 > 成员).
                if (role.Role < kept.Role)
                {
                    kept.Role = role.Role;
                    kept.SortOrder = role.SortOrder;
                }
            }
            else
            {
                db.IndicatorUnits.Add(new IndicatorUnit { IndicatorId = role.IndicatorId, UnitId = keepId, Role = role.Role, SortOrder = role.SortOrder });
            }
        }

        foreach (var problem in await db.Problems.IgnoreQueryFilters().Where(p => p.ResponsibleUnitId == mergeId).ToListAsync(ct))
        {
            problem.HandTo(keep);
        }

        foreach (var entry in await db.ProgressEntries.Where(e => e.UnitId == mergeId).ToListAsync(ct))
        {
            entry.UnitId = keepId;
        }

        foreach (var urge in await db.Urges.Where(u => u.UnitId == mergeId).ToListAsync(ct))
        {
            urge.UnitId = keepId;
        }

        // A notice stays as issued (its document names the old unit); the register lists it under the unit kept.
        foreach (var notice in await db.SupervisionNotices.Where(n => n.UnitId == mergeId).ToListAsync(ct))
        {
            notice.UnitId = keepId;
        }

        foreach (var user in await db.Users.Where(u => u.UnitId == mergeId).ToListAsync(ct))
        {
            user.UnitId = keepId;
        }

        foreach (var alias in await db.UnitAliases.Where(a => a.UnitId == mergeId).ToListAsync(ct))
        {
            alias.UnitId = keepId;
        }

        // Rows that point at the merged unit must be saved before it can go.
        await db.SaveChangesAsync(ct);
        db.UnitAliases.Add(new UnitAlias { Name = merge.Name, UnitId = keepId });
        db.Units.Remove(merge);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return $"已将“{merge.Name}”合并到“{keep.Name}”；以后导入时“{merge.Name}”会自动视为“{keep.Name}”。";
    }
}
