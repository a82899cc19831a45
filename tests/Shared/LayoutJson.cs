using System.Text.Json;
using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.Tests;

/// <summary>A list as JSON, as its Excel layout holds it, to compare a document with what was read back.</summary>
internal static class LayoutJson
{
    /// <summary>The 对标指标项 are not columns of the list's layout (the seed file carries them, an import only suggests them): left out.</summary>
    public static string Of(ListDocument list) =>
        JsonSerializer.Serialize(list with { Indicators = [.. list.Indicators.Select(i => i with { Metrics = null })] });
}
