using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StandingsManager.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Issue15Languages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "Accounts",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Language",
                table: "Accounts");
        }
    }
}
