namespace Linze.BizEnv.Web.Domain;

/// <summary>
/// A sign-in session ended by logging out. Its cookie is refused from then on, wherever it is replayed; the row is
/// needed only until the cookie would have expired anyway (<see cref="ExpiresAtUtc"/>), then it is deleted.
/// </summary>
public class EndedSession
{
    public const int IdLength = 32;

    public required string Id { get; init; }

    public DateTime ExpiresAtUtc { get; init; }
}
