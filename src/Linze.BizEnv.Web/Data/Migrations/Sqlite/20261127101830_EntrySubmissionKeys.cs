using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Linze.BizEnv.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EntrySubmissionKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SubmissionKey",
                table: "ProgressEntries",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProgressEntries_AuthorId_SubmissionKey",
                table: "ProgressEntries",
                columns: new[] { "AuthorId", "SubmissionKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProgressEntries_AuthorId_SubmissionKey",
                table: "ProgressEntries");

            migrationBuilder.DropColumn(
                name: "SubmissionKey",
                table: "ProgressEntries");
        }
    }
}
