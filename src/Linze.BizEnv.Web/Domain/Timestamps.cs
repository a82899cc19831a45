namespace Linze.BizEnv.Web.Domain;

/// <summary>A row whose creation time the database layer stamps when it is first saved (<c>TimestampInterceptor</c>).</summary>
public interface IHasCreatedAt
{
    DateTime CreatedAtUtc { get; set; }
}

/// <summary>A row whose last edit the database layer stamps when it is saved changed (<c>TimestampInterceptor</c>).</summary>
public interface IHasUpdatedAt
{
    DateTime? UpdatedAtUtc { get; set; }
}
