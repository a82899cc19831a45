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
