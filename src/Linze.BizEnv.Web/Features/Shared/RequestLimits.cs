using Linze.BizEnv.Web.Workflow;

namespace Linze.BizEnv.Web.Features.Shared;

/// <summary>How much a request may carry. Uploads set their own, larger limits where they are accepted.</summary>
public static class RequestLimits
{
    /// <summary>Any request body without a limit of its own: an ordinary form is a few kilobytes.</summary>
    public const long OrdinaryBodyBytes = 1024 * 1024;

    /// <summary>One form value: 4,000 Chinese characters URL-encoded are 36 KB.</summary>
    public const int FormValueBytes = 128 * 1024;

    /// <summary>The login form: a user name of 64 characters and a password of 128.</summary>
    public const int LoginBodyBytes = 16 * 1024;

    /// <summary>One value of the login form.</summary>
    public const int LoginValueBytes = 2 * 1024;

    /// <summary>A notice carried to the next page in a cookie; longer ones are cut, so a browser is never locked out by its cookies.</summary>
    public const int NoticeChars = 300;
}

/// <summary>What a progress entry with its evidence may carry.</summary>
public static class UploadLimits
{
    /// <summary>Ten files of 20 MB and the form around them.</summary>
    public const long RequestBytes = (EvidenceOptions.MaxFilesPerEntry * EvidenceOptions.MaxFileBytes) + (1024 * 1024);
}
