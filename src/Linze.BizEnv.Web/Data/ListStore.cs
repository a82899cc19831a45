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

    private static readonly Func<BizEnvDbContext, IAsyncEnumerable<ListOption>> Options =
        EF.CompileAsyncQuery((BizEnvDbContext db) => db.Lists.AsNoTracking()
            .OrderBy(l => l.IsArchived).ThenByDescending(l => l.Year).ThenByDescending(l => l.Id)
            .Select(l => new ListOption(l.Id, l.Title, l.Year, l.IsArchived)));

    /// <summary>Every list for a list selector: the working ones first, newest first (the working list leads).</summary>
    public Task<List<ListOption>> ListOptionsAsync(CancellationToken ct = default) => Options(db).ToListAsync(ct).AsTask();

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

        var list = new ResponsibilityList
        {
            Title = document.Title,
            IssuingOffice = document.IssuingOffice,
            IssueDate = document.IssueDate,
            Year = document.Year,
        };
        foreach (var source in document.Indicators)
        {
            list.Indicators.Add(await BuildIndicatorAsync(source, document.IssueDate, ct));
        }

        db.Lists.Add(list);
        await db.SaveChangesAsync(ct);
        return list;
    }

    /// <summary>A new indicator with its units and problems; each problem answers to the first lead unit and starts when the list is issued.</summary>
    public async Task<Indicator> BuildIndicatorAsync(IndicatorDocument source, DateOnly? issueDate, CancellationToken ct = default)
    {
        var indicator = new Indicator
        {
            Number = source.Number,
            Name = source.Name,
            ProvinceBest = source.ProvinceBest,
            Leader = source.Leader is null ? null : await LeaderAsync(source.Leader, ct),
        };
        indicator.Units.AddRange(await BuildRolesAsync(source, ct));
        var lead = indicator.Units.FirstOrDefault(u => u.Role == UnitRole.Lead);
        indicator.Problems.AddRange(source.Problems.Select((text, i) => Problem.Create(i + 1, text, lead, issueDate)));
        indicator.Metrics.AddRange((source.Metrics ?? []).Select((m, i) => Domain.Benchmarking.BenchmarkMetric.From(m, i + 1)));
        return indicator;
    }

    /// <summary>The indicator's units in their roles and order, as the document names them.</summary>
    public async Task<List<IndicatorUnit>> BuildRolesAsync(IndicatorDocument source, CancellationToken ct = default)
    {
        var roles = new List<IndicatorUnit>();
        foreach (var role in UnitRoleNames.InListOrder)
        {
            var names = source.UnitsIn(role);
            for (var i = 0; i < names.Count; i++)
            {
                roles.Add(new IndicatorUnit { Unit = await UnitAsync(names[i], ct), Role = role, SortOrder = i + 1 });
            }
        }

        return roles;
    }

    public async Task<Leader> LeaderAsync(string name, CancellationToken ct = default) =>
        db.Leaders.Local.FirstOrDefault(l => l.Name == name)
        ?? await db.Leaders.FirstOrDefaultAsync(l => l.Name == name, ct)
        ?? db.Leaders.Add(new Leader { Name = name }).Entity;

    public async Task<Unit> UnitAsync(string name, CancellationToken ct = default) =>
        db.Units.Local.FirstOrDefault(u => u.Name == name)
        ?? await db.Units.FirstOrDefaultAsync(u => u.Name == name, ct)
        ?? db.Units.Add(new Unit { Name = name }).Entity;

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
}

/// <summary>A list as a list selector shows it.</summary>
public sealed record ListOption(int Id, string Title, int Year, bool IsArchived);
