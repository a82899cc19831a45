namespace Linze.BizEnv.Web.Common;

/// <summary>The portal's one name: page titles, the menu bar, the footer and the login page.</summary>
public static class Portal
{
    public const string Name = "临泽县优化营商环境工作平台";
}
