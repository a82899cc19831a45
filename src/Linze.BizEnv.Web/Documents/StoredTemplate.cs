namespace Linze.BizEnv.Web.Documents;

/// <summary>A template the county office uploaded in place of the default (<see cref="DocumentTemplates"/>); kept with the data.</summary>
public class StoredTemplate
{
    public const int FileNameLength = 200;

    public TemplateKind Kind { get; set; }

    /// <summary>The .docx as uploaded (checked by <see cref="DocumentTemplates.Check"/>).</summary>
    public required byte[] Content { get; set; }

    public required string FileName { get; set; }

    public required string UploadedByName { get; set; }

    public DateTime UploadedAtUtc { get; set; }
}

public static class StoredTemplates
{
    /// <summary>The uploaded template of <paramref name="kind"/>'s bytes; null when the default is in use.</summary>
    public static Task<byte[]?> ContentOfAsync(this IQueryable<StoredTemplate> templates, TemplateKind kind, CancellationToken ct = default) =>
        Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(templates).Where(t => t.Kind == kind).Select(t => t.Content), ct);
}
