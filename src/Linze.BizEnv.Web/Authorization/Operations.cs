using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Linze.BizEnv.Web.Authorization;

/// <summary>What a user asks to do with an indicator or a problem; decided by <see cref="ResourceAuthorizationHandler"/>.</summary>
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
}
