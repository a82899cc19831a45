namespace Linze.BizEnv.Web.Domain;

/// <summary>
/// A rule refused what a user asked (a workflow transition, an edit, an account change): nothing was written, and the
/// message, in Chinese, says why and what to do. The one way refusals travel (ADR-0012): entities and services throw
/// it, and the page that asked catches it once, answering 422 with the user's input kept.
/// </summary>
public class RefusedException : InvalidOperationException
{
    public RefusedException(string message)
        : base(message)
    {
        Reasons = [message];
    }

    public RefusedException(string message, Exception inner)
        : base(message, inner)
    {
        Reasons = [message];
    }

    /// <summary>Several reasons at once (ASP.NET Core Identity reports every password rule broken), each shown on its own.</summary>
    public RefusedException(IReadOnlyList<string> reasons)
        : base(string.Join("；", reasons.Select(r => r.TrimEnd('。'))) + "。")
    {
        Reasons = reasons;
    }

    public IReadOnlyList<string> Reasons { get; }
}

/// <summary>Refused because one account wrote too much too fast (answered 429, not 422): a runaway script or a stuck client.</summary>
public sealed class TooFastException(string message) : RefusedException(message);
