using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Linze.BizEnv.Web.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class OfficialDocuments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "StoredTemplates",
                columns: table => new
                {
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", maxLength: 1048576, nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    UploadedByName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    UploadedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StoredTemplates", x => x.Kind);
                });

            migrationBuilder.CreateTable(
                name: "SupervisionNotices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    DocumentNumber = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    ReplyBy = table.Column<DateOnly>(type: "date", nullable: false),
                    IssuedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    IssuedByName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    SubmissionKey = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    Content = table.Column<byte[]>(type: "bytea", maxLength: 4194304, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupervisionNotices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupervisionNotices_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SupervisionNoticeProblems",
                columns: table => new
                {
                    NoticeId = table.Column<long>(type: "bigint", nullable: false),
                    ProblemId = table.Column<int>(type: "integer", nullable: false),
                    OverdueDays = table.Column<int>(type: "integer", nullable: true),
                    Level = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupervisionNoticeProblems", x => new { x.NoticeId, x.ProblemId });
                    table.ForeignKey(
                        name: "FK_SupervisionNoticeProblems_Problems_ProblemId",
                        column: x => x.ProblemId,
                        principalTable: "Problems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SupervisionNoticeProblems_SupervisionNotices_NoticeId",
                        column: x => x.NoticeId,
                        principalTable: "SupervisionNotices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SupervisionNoticeProblems_ProblemId",
                table: "SupervisionNoticeProblems",
                column: "ProblemId");

            migrationBuilder.CreateIndex(
                name: "IX_SupervisionNotices_IssuedAtUtc",
                table: "SupervisionNotices",
                column: "IssuedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_SupervisionNotices_Prefix_Year_Number",
                table: "SupervisionNotices",
                columns: new[] { "Prefix", "Year", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SupervisionNotices_SubmissionKey",
                table: "SupervisionNotices",
                column: "SubmissionKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SupervisionNotices_UnitId_IssuedAtUtc",
                table: "SupervisionNotices",
                columns: new[] { "UnitId", "IssuedAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StoredTemplates");

            migrationBuilder.DropTable(
                name: "SupervisionNoticeProblems");

            migrationBuilder.DropTable(
                name: "SupervisionNotices");
        }
    }
}
