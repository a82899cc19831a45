namespace Linze.BizEnv.Web.Configuration;

public static class SecurityHeadersExtensions
{
    /// <summary>No inline script or style, nothing from other origins, never framed.</summary>
    public const string ContentSecurityPolicy = Features.Shared.ContentSecurity.Policy;

    /// <summary>Security headers on every response, including static files and error pages.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            await next(context);
        });
}
