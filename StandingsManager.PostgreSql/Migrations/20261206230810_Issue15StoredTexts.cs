using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StandingsManager.PostgreSql.Migrations
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
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "InvalidReasonTexts",
                table: "Tokens",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatusTexts",
                table: "SyncedCharacters",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MessageTexts",
                table: "SyncRuns",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceProblemTexts",
                table: "StandingsLists",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NotesTexts",
                table: "Standings",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DetailsTexts",
                table: "Audit",
                type: "text",
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
