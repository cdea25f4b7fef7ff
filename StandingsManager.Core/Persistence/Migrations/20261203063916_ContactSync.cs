using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StandingsManager.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ContactSync : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LabelId",
                table: "SyncedCharacters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastManualSyncAt",
                table: "SyncedCharacters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastSuccessAt",
                table: "SyncedCharacters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Capped",
                table: "SyncRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Collisions",
                table: "SyncRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "DurationMs",
                table: "SyncRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Message",
                table: "SyncRuns",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Refused",
                table: "SyncRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "LabelIds",
                table: "ManagedContacts",
                type: "TEXT",
                maxLength: 1300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "OverriddenPersonalLabelIds",
                table: "ManagedContacts",
                type: "TEXT",
                maxLength: 1300,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "State",
                table: "ManagedContacts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "Watched",
                table: "ManagedContacts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LabelId",
                table: "SyncedCharacters");

            migrationBuilder.DropColumn(
                name: "LastManualSyncAt",
                table: "SyncedCharacters");

            migrationBuilder.DropColumn(
                name: "LastSuccessAt",
                table: "SyncedCharacters");

            migrationBuilder.DropColumn(
                name: "Capped",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "Collisions",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "DurationMs",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "Message",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "Refused",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "LabelIds",
                table: "ManagedContacts");

            migrationBuilder.DropColumn(
                name: "OverriddenPersonalLabelIds",
                table: "ManagedContacts");

            migrationBuilder.DropColumn(
                name: "State",
                table: "ManagedContacts");

            migrationBuilder.DropColumn(
                name: "Watched",
                table: "ManagedContacts");
        }
    }
}
