using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Linze.BizEnv.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SupportingEntries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsSupporting",
                table: "ProgressEntries",
                type: "bit",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IsSupporting",
                table: "ProgressEntries");
        }
    }
}
