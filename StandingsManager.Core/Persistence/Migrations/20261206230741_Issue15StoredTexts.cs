using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StandingsManager.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Issue15StoredTexts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LastErrorTexts",
                table: "Webhooks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "InvalidReasonTexts",
                table: "Tokens",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatusTexts",
                table: "SyncedCharacters",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MessageTexts",
                table: "SyncRuns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceProblemTexts",
                table: "StandingsLists",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NotesTexts",
                table: "Standings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DetailsTexts",
                table: "Audit",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LastErrorTexts",
                table: "Webhooks");

            migrationBuilder.DropColumn(
                name: "InvalidReasonTexts",
                table: "Tokens");

            migrationBuilder.DropColumn(
                name: "StatusTexts",
                table: "SyncedCharacters");

            migrationBuilder.DropColumn(
                name: "MessageTexts",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "SourceProblemTexts",
                table: "StandingsLists");

            migrationBuilder.DropColumn(
                name: "NotesTexts",
                table: "Standings");

            migrationBuilder.DropColumn(
                name: "DetailsTexts",
                table: "Audit");
        }
    }
}
