namespace Linze.BizEnv.Web.Authorization;

/// <summary>Claims the portal adds to a signed-in user.</summary>
public static class BizEnvClaims
{
    public const string UnitId = "bizenv:unit_id";
    public const string UnitName = "bizenv:unit_name";
    public const string LeaderId = "bizenv:leader_id";
    public const string DisplayName = "bizenv:display_name";
    public const string MustChangePassword = "bizenv:must_change_password";
}
