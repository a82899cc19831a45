using System.Text.Json;
using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.Web.Data.Seeding;

/// <summary>Reads a list transcribed as JSON under seed-data/.</summary>
public static class SeedFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static async Task<ListDocument> ReadAsync(string path, CancellationToken ct = default)
    {
        await using var stream = File.OpenRead(path);
        var document = await JsonSerializer.DeserializeAsync<ListDocument>(stream, Json, ct)
            ?? throw new InvalidDataException($"种子文件为空：{path}");
        return document;
    }
}
