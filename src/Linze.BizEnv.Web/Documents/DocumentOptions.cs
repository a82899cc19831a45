using System.ComponentModel.DataAnnotations;

namespace Linze.BizEnv.Web.Documents;

/// <summary>The <c>Documents</c> configuration section: who signs the 公文, how notices are numbered, where LibreOffice is.</summary>
public sealed class DocumentOptions
{
    public const string Section = "Documents";

    /// <summary>发文机关: heads every document (in red) and signs it.</summary>
    [Required, StringLength(40, MinimumLength = 2)]
    public string IssuingOffice { get; set; } = "临泽县优化营商环境工作领导小组办公室";

    /// <summary>发文机关代字 of a 督办通知单: 临营商督 gives 临营商督〔2026〕3号.</summary>
    [Required, StringLength(12, MinimumLength = 1)]
    public string NoticePrefix { get; set; } = "临营商督";

    /// <summary>The days a unit is given to reply in writing, offered on the form (the office may choose another date).</summary>
    [Range(1, 60)]
    public int ReplyDays { get; set; } = 7;

    /// <summary>LibreOffice's <c>soffice</c>; empty: looked for on the PATH and where Debian and the installers put it.</summary>
    public string? LibreOfficePath { get; set; }

    /// <summary>A conversion taking longer is stopped and reported.</summary>
    [Range(10, 600)]
    public int PdfTimeoutSeconds { get; set; } = 120;
}
