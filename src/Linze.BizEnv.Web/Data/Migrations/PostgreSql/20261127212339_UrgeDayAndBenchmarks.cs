using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Linze.BizEnv.Web.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class UrgeDayAndBenchmarks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "Day",
                table: "Urges",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            // Urges written before this column existed get their Beijing day before the index makes it unique.
            migrationBuilder.Sql("UPDATE \"Urges\" SET \"Day\" = (\"AtUtc\" AT TIME ZONE 'Asia/Shanghai')::date;");

            migrationBuilder.CreateTable(
                name: "BenchmarkMetrics",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IndicatorId = table.Column<int>(type: "integer", nullable: false),
                    SortOrder = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false, collation: "C"),
                    BestValue = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    IsYesNo = table.Column<bool>(type: "boolean", nullable: false),
                    Unit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    Direction = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    Words = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false, collation: "C"),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BenchmarkMetrics", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BenchmarkMetrics_Indicators_IndicatorId",
                        column: x => x.IndicatorId,
                        principalTable: "Indicators",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MetricReadings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MetricId = table.Column<int>(type: "integer", nullable: false),
                    Period = table.Column<DateOnly>(type: "date", nullable: false),
                    Value = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    Source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, collation: "C"),
                    EvidenceSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    EvidenceName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, collation: "C"),
                    RecordedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    RecordedByName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false, collation: "C"),
                    RecordedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MetricReadings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MetricReadings_BenchmarkMetrics_MetricId",
                        column: x => x.MetricId,
                        principalTable: "BenchmarkMetrics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Urges_ProblemId_Day",
                table: "Urges",
                columns: new[] { "ProblemId", "Day" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BenchmarkMetrics_IndicatorId_SortOrder",
                table: "BenchmarkMetrics",
                columns: new[] { "IndicatorId", "SortOrder" });

            migrationBuilder.CreateIndex(
                name: "IX_MetricReadings_MetricId_Period_RecordedAtUtc",
                table: "MetricReadings",
                columns: new[] { "MetricId", "Period", "RecordedAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MetricReadings");

            migrationBuilder.DropTable(
                name: "BenchmarkMetrics");

            migrationBuilder.DropIndex(
                name: "IX_Urges_ProblemId_Day",
                table: "Urges");

            migrationBuilder.DropColumn(
                name: "Day",
                table: "Urges");
        }
    }
}
