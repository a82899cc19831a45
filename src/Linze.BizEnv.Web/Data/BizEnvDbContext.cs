using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Notifications;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Data;

/// <summary>
/// The portal's one model. Each database provider has a thin subclass (<see cref="SqliteBizEnvDbContext"/>,
/// <see cref="SqlServerBizEnvDbContext"/>, <see cref="PostgreSqlBizEnvDbContext"/>) only so that each keeps its own
/// migrations; see ADR-0002. It also holds the data-protection key ring, so every instance on the database shares
/// sign-ins (ADR-0020).
/// </summary>
public abstract class BizEnvDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<ResponsibilityList> Lists => Set<ResponsibilityList>();

    public DbSet<Indicator> Indicators => Set<Indicator>();

    public DbSet<Problem> Problems => Set<Problem>();

    public DbSet<Leader> Leaders => Set<Leader>();

    public DbSet<Unit> Units => Set<Unit>();

    public DbSet<IndicatorUnit> IndicatorUnits => Set<IndicatorUnit>();

    public DbSet<UnitAlias> UnitAliases => Set<UnitAlias>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ProgressEntry> ProgressEntries => Set<ProgressEntry>();

    public DbSet<Evidence> Evidence => Set<Evidence>();

    public DbSet<StatusChange> StatusChanges => Set<StatusChange>();

    public DbSet<ExtensionRequest> ExtensionRequests => Set<ExtensionRequest>();

    public DbSet<Instruction> Instructions => Set<Instruction>();

    public DbSet<Urge> Urges => Set<Urge>();

    public DbSet<Domain.Benchmarking.BenchmarkMetric> BenchmarkMetrics => Set<Domain.Benchmarking.BenchmarkMetric>();

    public DbSet<Domain.Benchmarking.MetricReading> MetricReadings => Set<Domain.Benchmarking.MetricReading>();

    public DbSet<EndedSession> EndedSessions => Set<EndedSession>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<NotificationRecipient> NotificationRecipients => Set<NotificationRecipient>();

    public DbSet<NotificationDelivery> NotificationDeliveries => Set<NotificationDelivery>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<JobLease> JobLeases => Set<JobLease>();

    public DbSet<SupervisionNotice> SupervisionNotices => Set<SupervisionNotice>();

    public DbSet<SupervisionNoticeProblem> SupervisionNoticeProblems => Set<SupervisionNoticeProblem>();

    public DbSet<Documents.StoredTemplate> StoredTemplates => Set<Documents.StoredTemplate>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BizEnvDbContext).Assembly);
    }
}

public sealed class SqliteBizEnvDbContext(DbContextOptions<SqliteBizEnvDbContext> options) : BizEnvDbContext(options);

public sealed class SqlServerBizEnvDbContext(DbContextOptions<SqlServerBizEnvDbContext> options) : BizEnvDbContext(options);

/// <summary>
/// PostgreSQL (ADR-0018). Every text column uses the "C" collation, which compares and orders by code point as SQLite's
/// BINARY does, so names (Chinese or not) sort and match the same on both, whatever the server's default locale.
/// </summary>
public sealed class PostgreSqlBizEnvDbContext(DbContextOptions<PostgreSqlBizEnvDbContext> options) : BizEnvDbContext(options)
{
    /// <summary>PostgreSQL's built-in byte-order collation.</summary>
    public const string OrdinalCollation = "C";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // Every column stored as text, including enums stored by name.
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties())
            .Where(p => (p.GetValueConverter()?.ProviderClrType ?? p.GetProviderClrType() ?? p.ClrType) == typeof(string)))
        {
            property.SetCollation(OrdinalCollation);
        }
    }
}
