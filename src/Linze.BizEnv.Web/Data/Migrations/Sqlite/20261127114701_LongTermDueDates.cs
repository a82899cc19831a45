using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Linze.BizEnv.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LongTermDueDates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsLongTerm",
                table: "Problems",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IsLongTerm",
                table: "Problems");
        }
    }
}
