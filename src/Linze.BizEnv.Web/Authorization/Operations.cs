using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Linze.BizEnv.Web.Authorization;

/// <summary>
/// What a user asks to do with an indicator, a problem, a progress entry or a unit's report; decided by
/// <see cref="ResourceAuthorizationHandler"/> alone.
/// </summary>
public static class Operations
{
    /// <summary>See it: every signed-in user.</summary>
    public static readonly OperationAuthorizationRequirement Read = new() { Name = nameof(Read) };

    /// <summary>Record progress on it: the indicator's units (lead, deputy, member) and admins.</summary>
    public static readonly OperationAuthorizationRequirement Update = new() { Name = nameof(Update) };

    /// <summary>Answer for a problem (申请销号, 申请延期): its responsible unit only.</summary>
    public static readonly OperationAuthorizationRequirement Respond = new() { Name = nameof(Respond) };

    /// <summary>Edit a problem's measures: its responsible unit and admins.</summary>
    public static readonly OperationAuthorizationRequirement EditMeasures = new() { Name = nameof(EditMeasures) };

    /// <summary>Review (销号, 退回, extensions, schedule, 长期坚持): admins only.</summary>
    public static readonly OperationAuthorizationRequirement Review = new() { Name = nameof(Review) };

    /// <summary>Write a 批示: leaders and admins.</summary>
    public static readonly OperationAuthorizationRequirement Instruct = new() { Name = nameof(Instruct) };

    /// <summary>催办 a problem: admins, and a leader on the indicators they lead.</summary>
    public static readonly OperationAuthorizationRequirement Urge = new() { Name = nameof(Urge) };

    /// <summary>
    /// Change or delete a progress entry: its author only. Until when is the entry's own rule
    /// (<see cref="Domain.Rectification.ProgressEntry.CheckChangeable"/>), which says why in Chinese.
    /// </summary>
    public static readonly OperationAuthorizationRequirement ChangeEntry = new() { Name = nameof(ChangeEntry) };

    /// <summary>Record 本县现值 of an indicator's 对标指标项: its lead unit (组长单位) and admins.</summary>
    public static readonly OperationAuthorizationRequirement RecordReading = new() { Name = nameof(RecordReading) };

    /// <summary>Add, correct or remove an indicator's 对标指标项: admins (the county office keeps the benchmark).</summary>
    public static readonly OperationAuthorizationRequirement ManageMetrics = new() { Name = nameof(ManageMetrics) };

    /// <summary>Issue a 督办通知单 on a problem or a unit: admins (the county office sends 督办).</summary>
    public static readonly OperationAuthorizationRequirement IssueNotice = new() { Name = nameof(IssueNotice) };

    /// <summary>Download an issued 督办通知单: admins, leaders, and the accounts of the unit it was sent to.</summary>
    public static readonly OperationAuthorizationRequirement ReadNotice = new() { Name = nameof(ReadNotice) };

    /// <summary>Download a leader's brief: admins for any leader, a leader for their own.</summary>
    public static readonly OperationAuthorizationRequirement ReadBrief = new() { Name = nameof(ReadBrief) };

    /// <summary>Download a unit's report (its ledger and progress entries): admins, leaders, and the unit's own accounts.</summary>
    public static readonly OperationAuthorizationRequirement ReadReport = new() { Name = nameof(ReadReport) };
}

/// <summary>A unit's report as a resource: what <see cref="Operations.ReadReport"/> is asked about.</summary>
public sealed record UnitReport(int UnitId);

/// <summary>An issued 督办通知单 as a resource: what <see cref="Operations.ReadNotice"/> is asked about.</summary>
public sealed record IssuedNotice(long Id, int UnitId);

/// <summary>A 责任领导's brief as a resource: what <see cref="Operations.ReadBrief"/> is asked about.</summary>
public sealed record LeaderBrief(int LeaderId);
