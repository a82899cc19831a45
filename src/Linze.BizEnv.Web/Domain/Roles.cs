namespace Linze.BizEnv.Web.Domain;

/// <summary>The portal's roles. Each account holds exactly one.</summary>
public static class Roles
{
    /// <summary>县营商办: administers everything.</summary>
    public const string Admin = nameof(Admin);

    /// <summary>县领导: reads everything, exports.</summary>
    public const string Leader = nameof(Leader);

    /// <summary>单位用户: reads everything, writes only where its unit holds a role.</summary>
    public const string Unit = nameof(Unit);

    /// <summary>只读用户.</summary>
    public const string Viewer = nameof(Viewer);

    public static IReadOnlyList<string> All { get; } = [Admin, Leader, Unit, Viewer];

    public static string ToChinese(string role) => role switch
    {
        Admin => "县营商办（管理员）",
        Leader => "县领导",
        Unit => "单位用户",
        Viewer => "只读用户",
        _ => role,
    };

    /// <summary>Accepts a role name in any case; null when it is not one of the four.</summary>
    public static string? Parse(string? value) =>
        All.FirstOrDefault(r => string.Equals(r, value?.Trim(), StringComparison.OrdinalIgnoreCase));
}
