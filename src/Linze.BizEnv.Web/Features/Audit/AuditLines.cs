using System.Globalization;
using System.Text.Json;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Features.Audit;

/// <summary>One field of an audit line in words: before → after (no before for a new record, no after for a deleted one).</summary>
public sealed record AuditFieldChange(string Label, string? Before, string? After);

/// <summary>An audit line as the page shows it: who, when, a sentence saying what, each field in words, a link to the record.</summary>
public sealed record AuditLine(
    long Id, DateTime AtUtc, AuditAction Action, string Who, string? Account, string? UnitName, string What,
    string Summary, IReadOnlyList<AuditFieldChange> Changes, string? Link, string? Raw, string? ClientAddress);

/// <summary>
/// Turns a page of <see cref="AuditEntry"/> rows into <see cref="AuditLine"/>s: the ids the lines mention are collected
/// first and their names loaded once per kind (a fixed number of queries per page, never one per line).
/// </summary>
public sealed class AuditLineBuilder(BizEnvDbContext db)
{
    private sealed record Field(string Name, AuditField Spec, JsonElement? Before, JsonElement? After);

    private sealed record Parsed(AuditEntry Entry, IReadOnlyList<Field> Fields)
    {
        public string? Raw(string field, bool after = true)
        {
            var f = Fields.FirstOrDefault(x => x.Name == field);
            var value = f is null ? null : after ? f.After ?? f.Before : f.Before ?? f.After;
            return value is { ValueKind: JsonValueKind.Number or JsonValueKind.String } v ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null;
        }

        public string[] KeyParts => Entry.EntityKey?.Split(',') ?? [];
    }

    /// <summary>Where a record hangs: a problem, or an indicator for 对标举措 and instructions on an indicator.</summary>
    private sealed record Parent(int? ProblemId, int IndicatorId);

    private static readonly Dictionary<string, Parent> NoParents = new();

    private readonly Dictionary<AuditValueKind, Dictionary<string, string>> _names = new();
    private readonly Dictionary<string, Parent> _entryParents = new();
    private readonly Dictionary<string, Parent> _requestParents = new();
    private readonly Dictionary<string, Parent> _instructionParents = new();
    private readonly Dictionary<string, (string DisplayName, string? UserName, string? UnitName)> _users = new();

    public async Task<IReadOnlyList<AuditLine>> DescribeAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        var parsed = entries.Select(Parse).ToList();
        await LoadNamesAsync(parsed, ct);
        return [.. parsed.Select(Describe)];
    }

    private static Parsed Parse(AuditEntry entry)
    {
        var fields = new List<Field>();
        if (entry.Changes is { Length: > 0 } json)
        {
            try
            {
                using var doc = JsonDocument.Parse(json);
                if (doc.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in doc.RootElement.EnumerateObject())
                    {
                        var change = p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("After", out var after)
                            ? (p.Value.TryGetProperty("Before", out var before) ? before.Clone() : (JsonElement?)null, after.Clone())
                            : (null, p.Value.Clone());
                        fields.Add(new Field(p.Name, AuditVocabulary.Field(p.Name), change.Item1, change.Item2));
                    }
                }
            }
            catch (JsonException)
            {
                // Shown raw only.
            }
        }

        return new Parsed(entry, fields);
    }

    private async Task LoadNamesAsync(List<Parsed> lines, CancellationToken ct)
    {
        var wanted = Enum.GetValues<AuditValueKind>().ToDictionary(k => k, _ => new HashSet<string>(StringComparer.Ordinal));
        void Want(AuditValueKind kind, string? id)
        {
            if (!string.IsNullOrEmpty(id))
            {
                wanted[kind].Add(id);
            }
        }

        var requests = new HashSet<string>(StringComparer.Ordinal);
        var instructions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            Want(AuditValueKind.User, line.Entry.UserId);
            foreach (var f in line.Fields)
            {
                foreach (var v in new[] { f.Before, f.After })
                {
                    if (v is { ValueKind: JsonValueKind.Number or JsonValueKind.String } value)
                    {
                        Want(f.Spec.Kind, value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
                    }
                }
            }

            var key = line.Entry.EntityKey;
            var parts = line.KeyParts;
            switch (line.Entry.EntityType)
            {
                case "Problem": Want(AuditValueKind.Problem, key); break;
                case "ProgressEntry": Want(AuditValueKind.ProgressEntry, key); break;
                case "Indicator": Want(AuditValueKind.Indicator, key); break;
                case "Unit": Want(AuditValueKind.Unit, key); break;
                case "Leader": Want(AuditValueKind.Leader, key); break;
                case "ResponsibilityList": Want(AuditValueKind.List, key); break;
                case "AppUser": Want(AuditValueKind.User, key); break;
                case "IdentityRole": Want(AuditValueKind.Role, key); break;
                case "ExtensionRequest": requests.Add(key ?? ""); break;
                case "Instruction": instructions.Add(key ?? ""); break;
                case "IdentityUserRole" when parts.Length == 2:
                    Want(AuditValueKind.User, parts[0]);
                    Want(AuditValueKind.Role, parts[1]);
                    break;
                case "IndicatorUnit" when parts.Length == 2:
                    Want(AuditValueKind.Indicator, parts[0]);
                    Want(AuditValueKind.Unit, parts[1]);
                    break;
            }
        }

        // Records that hang on a problem or an indicator: find which, then name that.
        var entryIds = Longs(wanted[AuditValueKind.ProgressEntry]);
        if (entryIds.Count > 0)
        {
            foreach (var e in await db.ProgressEntries.AsNoTracking().Where(e => entryIds.Contains(e.Id))
                .Select(e => new { e.Id, e.ProblemId, e.IndicatorId }).ToListAsync(ct))
            {
                _entryParents[Text(e.Id)] = new Parent(e.ProblemId, e.IndicatorId);
            }
        }

        var requestIds = Longs(requests);
        if (requestIds.Count > 0)
        {
            foreach (var r in await db.ExtensionRequests.AsNoTracking().Where(r => requestIds.Contains(r.Id))
                .Select(r => new { r.Id, r.ProblemId, r.Problem.IndicatorId }).ToListAsync(ct))
            {
                _requestParents[Text(r.Id)] = new Parent(r.ProblemId, r.IndicatorId);
            }
        }

        var instructionIds = Longs(instructions);
        if (instructionIds.Count > 0)
        {
            foreach (var i in await db.Instructions.AsNoTracking().Where(i => instructionIds.Contains(i.Id))
                .Select(i => new { i.Id, i.ProblemId, i.IndicatorId }).ToListAsync(ct))
            {
                _instructionParents[Text(i.Id)] = new Parent(i.ProblemId, i.IndicatorId);
            }
        }

        foreach (var parent in _entryParents.Values.Concat(_requestParents.Values).Concat(_instructionParents.Values))
        {
            Want(AuditValueKind.Problem, parent.ProblemId is { } p ? Text(p) : null);
            Want(AuditValueKind.Indicator, Text(parent.IndicatorId));
        }

        var problemIds = Ints(wanted[AuditValueKind.Problem]);
        _names[AuditValueKind.Problem] = problemIds.Count == 0 ? new() : (await db.Problems.AsNoTracking().Where(p => problemIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Indicator.Number, p.Ordinal }).ToListAsync(ct))
            .ToDictionary(p => Text(p.Id), p => $"问题 {p.Number}-{p.Ordinal}");
        var indicatorIds = Ints(wanted[AuditValueKind.Indicator]);
        _names[AuditValueKind.Indicator] = indicatorIds.Count == 0 ? new() : (await db.Indicators.AsNoTracking().Where(i => indicatorIds.Contains(i.Id))
            .Select(i => new { i.Id, i.Number, i.Name }).ToListAsync(ct))
            .ToDictionary(i => Text(i.Id), i => $"指标 {i.Number}. {i.Name}");
        var unitIds = Ints(wanted[AuditValueKind.Unit]);
        _names[AuditValueKind.Unit] = unitIds.Count == 0 ? new() : await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id))
            .ToDictionaryAsync(u => Text(u.Id), u => u.Name, ct);
        var leaderIds = Ints(wanted[AuditValueKind.Leader]);
        _names[AuditValueKind.Leader] = leaderIds.Count == 0 ? new() : await db.Leaders.AsNoTracking().Where(l => leaderIds.Contains(l.Id))
            .ToDictionaryAsync(l => Text(l.Id), l => l.Name, ct);
        var listIds = Ints(wanted[AuditValueKind.List]);
        _names[AuditValueKind.List] = listIds.Count == 0 ? new() : await db.Lists.AsNoTracking().Where(l => listIds.Contains(l.Id))
            .ToDictionaryAsync(l => Text(l.Id), l => $"《{l.Title}》", ct);
        var roleIds = wanted[AuditValueKind.Role].ToList();
        _names[AuditValueKind.Role] = roleIds.Count == 0 ? new() : await db.Roles.AsNoTracking().Where(r => roleIds.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, r => Roles.ToChinese(r.Name ?? ""), ct);
        var userIds = wanted[AuditValueKind.User].ToList();
        if (userIds.Count > 0)
        {
            foreach (var u in await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
                .Select(u => new { u.Id, u.DisplayName, u.UserName, UnitName = u.Unit == null ? null : u.Unit.Name }).ToListAsync(ct))
            {
                _users[u.Id] = (u.DisplayName ?? u.UserName ?? u.Id, u.UserName, u.UnitName);
            }
        }

        _names[AuditValueKind.User] = _users.ToDictionary(u => u.Key, u => u.Value.DisplayName == u.Value.UserName ? u.Value.DisplayName : $"{u.Value.DisplayName}（{u.Value.UserName}）");
        _names[AuditValueKind.ProgressEntry] = _entryParents.ToDictionary(e => e.Key, e => "进展（" + ParentName(e.Value) + "）");
    }

    private string? Name(AuditValueKind kind, string id) => _names.TryGetValue(kind, out var names) ? names.GetValueOrDefault(id) : null;

    private string ParentName(Parent parent) =>
        (parent.ProblemId is { } p ? Name(AuditValueKind.Problem, Text(p)) : null)
        ?? Name(AuditValueKind.Indicator, Text(parent.IndicatorId)) ?? $"指标（编号 {parent.IndicatorId}）";

    private static string? ParentLink(Parent? parent) =>
        parent is null ? null : parent.ProblemId is { } p ? $"/problems/{p}" : $"/indicators/{parent.IndicatorId}";

    /// <summary>A record that hangs on a problem or an indicator, found from its own row or from the ids in the line.</summary>
    private Parent? ParentOf(Parsed line, Dictionary<string, Parent> loaded)
    {
        if (line.Entry.EntityKey is { } key && loaded.TryGetValue(key, out var parent))
        {
            return parent;
        }

        if (line.Raw("ProgressEntryId") is { } entry && _entryParents.TryGetValue(entry, out var viaEntry))
        {
            return viaEntry;
        }

        var problem = int.TryParse(line.Raw("ProblemId"), CultureInfo.InvariantCulture, out var p) ? p : (int?)null;
        return int.TryParse(line.Raw("IndicatorId"), CultureInfo.InvariantCulture, out var i) ? new Parent(problem, i)
            : problem is { } only ? new Parent(only, 0) : null;
    }

    /// <summary>How a line names its record, and where that record's page is (none when it no longer exists).</summary>
    private (string Name, string? Link) Record(Parsed line)
    {
        var type = line.Entry.EntityType;
        var key = line.Entry.EntityKey ?? "";
        var kind = AuditVocabulary.Entity(type);
        var parts = line.KeyParts;
        // A record that no longer exists: its number when it has one; an account's or role's key is a GUID, which says nothing.
        var unnamed = long.TryParse(key, CultureInfo.InvariantCulture, out _) ? $"{kind}（编号 {key}）" : $"{kind}（已删除）";
        (string, string?) Named(AuditValueKind k, string? link) =>
            Name(k, key) is { } name ? (k is AuditValueKind.Problem or AuditValueKind.Indicator or AuditValueKind.List ? name : kind + " " + name, link) : (unnamed, null);
        (string, string?) Hanging(Dictionary<string, Parent> loaded)
        {
            var parent = ParentOf(line, loaded);
            return parent is null ? (unnamed, null) : ($"{kind}（{ParentName(parent)}）", ParentLink(parent));
        }

        return type switch
        {
            "Problem" => Named(AuditValueKind.Problem, $"/problems/{key}"),
            "Indicator" => Named(AuditValueKind.Indicator, $"/indicators/{key}"),
            "ResponsibilityList" => Named(AuditValueKind.List, $"/lists/{key}"),
            "Unit" => Named(AuditValueKind.Unit, $"/units/{key}"),
            "Leader" => Named(AuditValueKind.Leader, $"/leaders/{key}"),
            "AppUser" => Named(AuditValueKind.User, $"/admin/users/{key}/edit"),
            "IdentityRole" => Named(AuditValueKind.Role, null),
            "ProgressEntry" => Hanging(_entryParents),
            "Evidence" => Hanging(_entryParents),
            "StatusChange" => Hanging(NoParents),
            "ExtensionRequest" => Hanging(_requestParents),
            "Instruction" => Hanging(_instructionParents),
            "IdentityUserRole" when parts.Length == 2 && Name(AuditValueKind.User, parts[0]) is { } user =>
                ($"账号 {user} 的角色", $"/admin/users/{parts[0]}/edit"),
            "IndicatorUnit" when parts.Length == 2 && Name(AuditValueKind.Indicator, parts[0]) is { } indicator =>
                ($"{indicator} 的责任单位", $"/indicators/{parts[0]}"),
            "UnitAlias" => ($"{kind}“{line.Raw("Name")}”", line.Raw("UnitId") is { } unit && Name(AuditValueKind.Unit, unit) is not null ? $"/units/{unit}" : null),
            "DemoData" => ($"{kind}（{key.Replace("scale=", "规模 ", StringComparison.Ordinal)}）", null),
            null => ("", null),
            _ => (unnamed, null),
        };
    }

    private AuditLine Describe(Parsed line)
    {
        var e = line.Entry;
        var user = e.UserId is { } id && _users.TryGetValue(id, out var u) ? u : default;
        var who = user.DisplayName ?? e.UserName ?? "系统";
        var account = user.UserName is { } userName && userName != who ? userName : null;
        var unit = e.UnitName ?? user.UnitName;
        // A unit's clerk acts for the unit: "县市场监管局 将问题 1-2 的完成进度由 35% 改为 60%".
        var subject = e.UnitName ?? who;
        var (record, link) = Record(line);
        var shown = line.Fields.Where(f => !f.Spec.Hidden).ToList();
        var changes = shown
            .Where(f => e.Action switch
            {
                AuditAction.Created => f.After is { ValueKind: not JsonValueKind.Null },
                AuditAction.Deleted => f.Before is { ValueKind: not JsonValueKind.Null },
                _ => true,
            })
            .Select(f => new AuditFieldChange(
                f.Spec.Label,
                e.Action == AuditAction.Created ? null : AuditVocabulary.Value(f.Spec, f.Before, Name),
                e.Action == AuditAction.Deleted ? null : AuditVocabulary.Value(f.Spec, f.After, Name)))
            .ToList();
        var summary = e.Action switch
        {
            AuditAction.Login or AuditAction.LoginFailed or AuditAction.LockedOut or AuditAction.Logout => $"{subject} {e.Action.ToChinese()}",
            AuditAction.Unlocked => $"{subject} 解锁了{record}",
            AuditAction.PasswordChanged => $"{subject} 修改了{record} 的密码",
            AuditAction.Created => $"{subject} 新增{record}",
            AuditAction.Deleted => $"{subject} 删除了{record}",
            _ when changes.Count is > 0 and <= 3 => $"{subject} 将{record} 的{Sentences(changes.Select(Phrase))}",
            _ when changes.Count > 3 => $"{subject} 修改了{record} 的{string.Join("、", changes.Select(c => c.Label))}",
            _ => $"{subject} 修改了{record}",
        };
        var what = e.Action is AuditAction.Created or AuditAction.Updated or AuditAction.Deleted
            ? e.Action.ToChinese() + AuditVocabulary.Entity(e.EntityType) : e.Action.ToChinese();
        return new AuditLine(e.Id, e.AtUtc, e.Action, who, account, unit, what, summary, changes, link, e.Changes, e.ClientAddress);
    }

    /// <summary>"完成进度由 35% 改为 60%"; a long text is only named, its words are in the field list below.</summary>
    private static string Phrase(AuditFieldChange change) =>
        (change.Before?.Length ?? 0) <= 30 && (change.After?.Length ?? 0) <= 30 ? $"{change.Label}由 {change.Before} 改为 {change.After}" : change.Label;

    /// <summary>Phrases joined by "，", except after one that already ends a sentence ("…重新申请。状态由…").</summary>
    private static string Sentences(IEnumerable<string> phrases) =>
        phrases.Aggregate("", (joined, next) => joined.Length == 0 ? next : joined + (joined[^1] is '。' or '！' or '？' or '；' ? "" : "，") + next);

    private static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static List<int> Ints(IEnumerable<string> ids) =>
        [.. ids.Select(s => int.TryParse(s, CultureInfo.InvariantCulture, out var i) ? i : (int?)null).OfType<int>()];

    private static List<long> Longs(IEnumerable<string> ids) =>
        [.. ids.Select(s => long.TryParse(s, CultureInfo.InvariantCulture, out var i) ? i : (long?)null).OfType<long>()];
}
