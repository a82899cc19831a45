using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Linze.BizEnv.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class LeaderAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "LeaderId",
                table: "AspNetUsers",
                type: "int",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_LeaderId",
                table: "AspNetUsers",
                column: "LeaderId");

            migrationBuilder.AddForeignKey(
                name: "FK_AspNetUsers_Leaders_LeaderId",
                table: "AspNetUsers",
                column: "LeaderId",
                principalTable: "Leaders",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_AspNetUsers_Leaders_LeaderId",
                table: "AspNetUsers");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_LeaderId",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "LeaderId",
                table: "AspNetUsers");
        }
    }
}
