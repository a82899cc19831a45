using System.Text.Json;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.UnitTests.Features;

public class AuditVocabularyTests
{
    private static SqliteBizEnvDbContext Context() =>
        new(new DbContextOptionsBuilder<SqliteBizEnvDbContext>().UseSqlite("Data Source=:memory:").Options);

    [Fact]
    public void EveryAuditedRecordKindAndFieldHasAChineseName()
    {
        using var db = Context();
        var missing = db.Model.GetEntityTypes()
            .Where(t => !Linze.BizEnv.Web.Data.Auditing.AuditInterceptor.NotAudited.Contains(t.ClrType))
            .SelectMany(t =>
            {
                var type = t.ClrType.Name.Split('`')[0];
                var kind = AuditVocabulary.Entities.ContainsKey(type) ? [] : new[] { type };
                return kind.Concat(t.GetProperties().Where(p => !AuditVocabulary.IsKnown(p.Name)).Select(p => $"{type}.{p.Name}"));
            })
            .ToList();

        Assert.True(missing.Count == 0, "Name these in AuditVocabulary: " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("Status", "\"SubmittedForClosure\"", "申请销号")]
    [InlineData("Role", "\"Lead\"", "组长单位")]
    [InlineData("Status", "\"Rejected\"", "未批准")]
    [InlineData("PercentComplete", "60", "60%")]
    [InlineData("IsDisabled", "true", "是")]
    [InlineData("ClosedAtUtc", "\"2026-11-27T07:00:03Z\"", "2026-11-27 15:00:03")]
    [InlineData("LastLoginAtUtc", "\"2026-11-27T16:30:00\"", "2026-11-28 00:30:00")]
    [InlineData("DueDate", "\"2026-12-31\"", "2026-12-31")]
    [InlineData("Size", "2048", "2 KB")]
    [InlineData("Measures", "null", "（空）")]
    public void ValuesAreWrittenInWords(string field, string json, string expected)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(expected, AuditVocabulary.Value(AuditVocabulary.Field(field), doc.RootElement, (_, _) => null));
    }

    [Fact]
    public void AnIdIsWrittenAsWhatItNamesAndAGoneAccountIsNeverAGuid()
    {
        using var unit = JsonDocument.Parse("7");
        using var user = JsonDocument.Parse("\"0b8a4c1e-8f1e-4d52-9d43-0a3c2f6e9b11\"");
        Assert.Equal("县法院", AuditVocabulary.Value(AuditVocabulary.Field("ResponsibleUnitId"), unit.RootElement, (kind, id) => kind == AuditValueKind.Unit && id == "7" ? "县法院" : null));
        Assert.Equal("（编号 7）", AuditVocabulary.Value(AuditVocabulary.Field("UnitId"), unit.RootElement, (_, _) => null));
        Assert.Equal("（已删除）", AuditVocabulary.Value(AuditVocabulary.Field("UserId"), user.RootElement, (_, _) => null));
    }
}
