namespace Linze.BizEnv.Web.Domain;

/// <summary>The role a unit holds on an indicator. Values are stored; do not renumber.</summary>
public enum UnitRole
{
    /// <summary>组长单位</summary>
    Lead = 1,

    /// <summary>副组长单位</summary>
    Deputy = 2,

    /// <summary>成员单位</summary>
    Member = 3,
}

public static class UnitRoleNames
{
    public static string ToChinese(this UnitRole role) => role switch
    {
        UnitRole.Lead => "组长单位",
        UnitRole.Deputy => "副组长单位",
        UnitRole.Member => "成员单位",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static IReadOnlyList<UnitRole> InListOrder { get; } = [UnitRole.Lead, UnitRole.Deputy, UnitRole.Member];
}
