namespace Linze.BizEnv.Web.Features.Shared;

/// <summary>The portal's Content-Security-Policy: on every response, and sandboxed on uploaded files.</summary>
public static class ContentSecurity
{
    /// <summary>No inline script or style, nothing from other origins, never framed.</summary>
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The policy with the document sandboxed: no script, no same-origin access, no forms (uploaded files).</summary>
    public const string Sandboxed = Policy + "; sandbox";

    /// <summary>An uploaded file's response: never sniffed as another type, and sandboxed should it be opened as a page (ADR-0015).</summary>
    public static void ServeUploaded(HttpResponse response)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = Sandboxed;
    }
}
