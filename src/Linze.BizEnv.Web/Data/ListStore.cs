using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Data;

/// <summary>Moves whole lists between their document form (<see cref="ListDocument"/>) and the database.</summary>
public sealed class ListStore(BizEnvDbContext db)
{
    /// <summary>The working list: the newest one not archived, or null when there is none.</summary>
    public Task<int?> FindActiveListIdAsync(CancellationToken ct = default) =>
        db.Lists.AsNoTracking()
            .Where(l => !l.IsArchived)
            .OrderByDescending(l => l.Year).ThenByDescending(l => l.Id)
            .Select(l => (int?)l.Id)
            .FirstOrDefaultAsync(ct);

    /// <summary>
    /// Adds a new list. Leaders and units are shared across lists and matched by name; those not yet known
    /// are created. Everything is written in one SaveChanges, so a failure writes nothing.
    /// </summary>
    public async Task<ResponsibilityList> AddAsync(ListDocument document, CancellationToken ct = default)
    {
        if (await db.Lists.AnyAsync(l => l.Title == document.Title, ct))
        {
            throw new InvalidOperationException($"已存在同名清单：{document.Title}");
        }

        var leaderNames = document.Indicators.Select(i => i.Leader).OfType<string>().Distinct().ToList();
        var unitNames = document.Indicators
            .SelectMany(i => i.LeadUnits.Concat(i.DeputyUnits).Concat(i.MemberUnits)).Distinct().ToList();
        var leaders = await db.Leaders.Where(l => leaderNames.Contains(l.Name)).ToDictionaryAsync(l => l.Name, ct);
        var units = await db.Units.Where(u => unitNames.Contains(u.Name)).ToDictionaryAsync(u => u.Name, ct);

        var list = new ResponsibilityList
        {
            Title = document.Title,
            IssuingOffice = document.IssuingOffice,
            IssueDate = document.IssueDate,
            Year = document.Year,
        };
        foreach (var source in document.Indicators)
        {
            var indicator = new Indicator
            {
                Number = source.Number,
                Name = source.Name,
                ProvinceBest = source.ProvinceBest,
                Leader = source.Leader is null ? null : GetOrAdd(leaders, source.Leader, n => new Leader { Name = n }),
            };
            foreach (var role in UnitRoleNames.InListOrder)
            {
                indicator.Units.AddRange(source.UnitsIn(role).Select((name, i) => new IndicatorUnit
                {
                    Unit = GetOrAdd(units, name, n => new Unit { Name = n }),
                    Role = role,
                    SortOrder = i + 1,
                }));
            }

            // Each problem answers to the indicator's (first) lead unit and starts when the list is issued.
            var leadUnit = indicator.Units.FirstOrDefault(u => u.Role == UnitRole.Lead)?.Unit;
            indicator.Problems.AddRange(source.Problems.Select((text, i) => new Problem
            {
                Ordinal = i + 1,
                Text = text,
                ResponsibleUnit = leadUnit,
                StartDate = document.IssueDate,
            }));

            list.Indicators.Add(indicator);
        }

        db.Lists.Add(list);
        await db.SaveChangesAsync(ct);
        return list;
    }

    /// <summary>Reads a list back into its document form, indicators and units in the document's order.</summary>
    public async Task<ListDocument?> ReadAsync(int listId, CancellationToken ct = default)
    {
        var list = await db.Lists.AsNoTracking().AsSplitQuery()
            .Include(l => l.Indicators).ThenInclude(i => i.Leader)
            .Include(l => l.Indicators).ThenInclude(i => i.Problems)
            .Include(l => l.Indicators).ThenInclude(i => i.Units).ThenInclude(u => u.Unit)
            .SingleOrDefaultAsync(l => l.Id == listId, ct);
        if (list is null)
        {
            return null;
        }

        List<string> Names(Indicator i, UnitRole role) => [.. i.UnitsInRole(role).Select(u => u.Unit.Name)];
        return new ListDocument(
            list.Title,
            list.IssuingOffice,
            list.IssueDate,
            list.Year,
            [.. list.Indicators.OrderBy(i => i.Number).Select(i => new IndicatorDocument(
                i.Number,
                i.Name,
                i.ProvinceBest,
                i.Leader?.Name,
                [.. i.Problems.OrderBy(p => p.Ordinal).Select(p => p.Text)],
                Names(i, UnitRole.Lead),
                Names(i, UnitRole.Deputy),
                Names(i, UnitRole.Member)))]);
    }

    private static T GetOrAdd<T>(Dictionary<string, T> known, string name, Func<string, T> create)
    {
        if (!known.TryGetValue(name, out var value))
        {
            value = create(name);
            known.Add(name, value);
        }

        return value;
    }
}
