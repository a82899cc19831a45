using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Linze.BizEnv.Web.Authorization;

/// <summary>What a user asks to do with an indicator or a problem; decided by <see cref="ResourceAuthorizationHandler"/>.</summary>
public static class Operations
{
    /// <summary>See it: every signed-in user.</summary>
    public static readonly OperationAuthorizationRequirement Read = new() { Name = nameof(Read) };

    /// <summary>Record rectification work on it: its units (lead, deputy, member) and admins.</summary>
    public static readonly OperationAuthorizationRequirement Update = new() { Name = nameof(Update) };

    /// <summary>Approve or return it (销号, extensions): admins only.</summary>
    public static readonly OperationAuthorizationRequirement Review = new() { Name = nameof(Review) };
}
