namespace Linze.BizEnv.Web.Features.Shared;

/// <summary>Something shown by name and linked by id: a unit, a leader, an indicator.</summary>
public sealed record NamedLink(int Id, string Name);
