using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Linze.BizEnv.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UrgeDay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "Day",
                table: "Urges",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            // Urges written before this column existed get their Beijing day (UTC+8) before the index makes it unique.
            migrationBuilder.Sql("UPDATE \"Urges\" SET \"Day\" = date(\"AtUtc\", '+8 hours');");

            migrationBuilder.CreateIndex(
                name: "IX_Urges_ProblemId_Day",
                table: "Urges",
                columns: new[] { "ProblemId", "Day" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Urges_ProblemId_Day",
                table: "Urges");

            migrationBuilder.DropColumn(
                name: "Day",
                table: "Urges");
        }
    }
}
