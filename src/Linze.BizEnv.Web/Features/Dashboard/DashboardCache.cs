using Linze.BizEnv.Web.Data;
using Microsoft.Extensions.Caching.Memory;

namespace Linze.BizEnv.Web.Features.Dashboard;

/// <summary>
/// Dashboards already computed, by list, filter, viewer, day and data version. A key is only ever looked up with the
/// current version, so an entry never serves stale figures; old entries simply age out. Bounded in count.
/// </summary>
public sealed class DashboardCache(IConfiguration configuration) : IDisposable
{
    /// <summary><c>Dashboard:Cache</c> (default true); false computes every request afresh (the benchmark's worst case).</summary>
    private readonly bool _enabled = configuration.GetValue("Dashboard:Cache", true);
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 1000 });

    public readonly record struct Key(int? ListId, DashboardFilter Filter, DashboardViewer Viewer, DateOnly Today, long Version);

    public bool TryGet(Key key, out (IReadOnlyList<ListOption> Lists, DashboardReport? Report) value)
    {
        value = default;
        return _enabled && _cache.TryGetValue(key, out value);
    }

    public void Set(Key key, (IReadOnlyList<ListOption> Lists, DashboardReport? Report) value)
    {
        if (_enabled)
        {
            _cache.Set(key, value, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
        }
    }

    public void Dispose() => _cache.Dispose();
}
