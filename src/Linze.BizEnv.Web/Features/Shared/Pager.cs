namespace Linze.BizEnv.Web.Features.Shared;

/// <summary>Page numbers for a list that grows; pages count from 1. <paramref name="Key"/> is the query parameter that carries the page.</summary>
public sealed record Pager(int Page, int PageSize, int Total, string Key = "page")
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public int Current => Math.Clamp(Page, 1, PageCount);

    public bool HasPrevious => Current > 1;

    public bool HasNext => Current < PageCount;
}
