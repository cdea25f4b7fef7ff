using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StandingsManager.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Issue15Notifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BodyText",
                table: "OutboundAlerts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TitleText",
                table: "OutboundAlerts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BodyText",
                table: "Notifications",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TitleText",
                table: "Notifications",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BodyText",
                table: "OutboundAlerts");

            migrationBuilder.DropColumn(
                name: "TitleText",
                table: "OutboundAlerts");

            migrationBuilder.DropColumn(
                name: "BodyText",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "TitleText",
                table: "Notifications");
        }
    }
}
