namespace Linze.BizEnv.Web.Common;

/// <summary>The portal's one name: page titles, the menu bar, the footer and the login page.</summary>
public static class Portal
{
    public const string Name = "临泽县优化营商环境工作平台";
}

/// <summary>The portal's address as users type it (<c>Portal:PublicUrl</c>), printed on the password slips.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>E.g. http://yshj.linze.gov.cn; when empty, the address the administrator's request came to.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>An absolute address for a path inside the portal (/problems/12), or null without <see cref="PublicUrl"/>.</summary>
    public string? Absolute(string? path) =>
        string.IsNullOrWhiteSpace(PublicUrl) || path is null ? null : PublicUrl.Trim().TrimEnd('/') + path;
}
