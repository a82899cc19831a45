using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Benchmarking;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Workflow;

/// <summary>
/// Records 本县现值 (the caller has authorized the user on the indicator: its lead unit or an Admin). A reading is only ever
/// added: a correction for the same month is a newer reading, so what was reported before stays in the history and the
/// audit log. Optional evidence is checked by content and stored like a progress entry's.
/// </summary>
public sealed class BenchmarkReadings(BizEnvDbContext db, EvidenceStore evidence, TimeProvider time)
{
    public async Task<MetricReading> RecordAsync(
        int indicatorId, int metricId, DateOnly period, string? value, string? source, (string FileName, Stream Content)? file, Writer writer, CancellationToken ct = default)
    {
        var metric = await db.BenchmarkMetrics.SingleOrDefaultAsync(m => m.Id == metricId && m.IndicatorId == indicatorId, ct)
            ?? throw new RefusedException("请选择本指标的一个对标指标项。");
        var now = time.GetUtcNow().UtcDateTime;
        var reading = MetricReading.Record(metric, period, value, source, writer.UserId, writer.Name, now, ChinaTime.Today(time));
        // The same value and source as the month's current reading (a double submit, a page sent again): nothing new to keep.
        var latest = await db.MetricReadings.AsNoTracking().Where(r => r.MetricId == metricId && r.Period == reading.Period)
            .OrderByDescending(r => r.RecordedAtUtc).ThenByDescending(r => r.Id).Select(r => new { r.Id, r.Value, r.Source }).FirstOrDefaultAsync(ct);
        if (file is null && latest is not null && latest.Value == reading.Value && latest.Source == reading.Source)
        {
            db.Entry(reading).State = EntityState.Detached;
            return (await db.MetricReadings.SingleAsync(r => r.Id == latest.Id, ct));
        }

        var checkedFile = file is { } upload ? await EvidenceStore.CheckAsync(upload.Content, upload.FileName, ct) : null;
        var stored = checkedFile is not null && await evidence.SaveAsync(checkedFile, ct);
        try
        {
            reading.EvidenceSha256 = checkedFile?.Sha256;
            reading.EvidenceName = checkedFile?.FileName;
            db.MetricReadings.Add(reading);
            await db.SaveChangesAsync(ct);
            return reading;
        }
        catch
        {
            // A file stored for this reading alone goes with it.
            if (stored && !await EvidenceStore.IsReferencedAsync(db, checkedFile!.Sha256))
            {
                evidence.Remove(checkedFile.Sha256);
            }

            throw;
        }
    }
}
