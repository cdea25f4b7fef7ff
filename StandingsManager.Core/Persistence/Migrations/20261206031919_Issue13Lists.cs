using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StandingsManager.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Issue13Lists : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "StandingsLists",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    LabelName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Source = table.Column<int>(type: "INTEGER", nullable: false),
                    AudienceStates = table.Column<int>(type: "INTEGER", nullable: false),
                    AudienceCorporationIds = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    AudienceAllianceIds = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    DefaultStanding = table.Column<double>(type: "REAL", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DeletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DeletedReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    MirrorCharacterId = table.Column<long>(type: "INTEGER", nullable: true),
                    MirrorOwnerType = table.Column<int>(type: "INTEGER", nullable: true),
                    MirrorOwnerId = table.Column<long>(type: "INTEGER", nullable: true),
                    MirrorOwnerName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    MirrorMinimumStanding = table.Column<double>(type: "REAL", nullable: true),
                    SourceReadAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SourceExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SourceETag = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SourceProblem = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    IncludePendingWars = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StandingsLists", x => x.Id);
                });

            // The list the app kept before lists existed. Until an administrator edits it, each start labels it from
            // Standings:LabelName (FirstList.AdoptSettingsAsync): a migration cannot read the settings.
            migrationBuilder.InsertData(
                table: "StandingsLists",
                columns: new[] { "Id", "Name", "LabelName", "Source", "AudienceStates", "AudienceCorporationIds", "AudienceAllianceIds", "Priority", "DefaultStanding", "Enabled", "CreatedAt", "IncludePendingWars", "Version" },
                values: new object[] { 1, "Alliance Standings", "Alliance Standings", 0, 3, "", "", 100, 5.0, true, 0L, true, 0 });

            migrationBuilder.DropIndex(
                name: "IX_Standings_EntityId",
                table: "Standings");

            migrationBuilder.DropIndex(
                name: "IX_Revocations_EntityId",
                table: "Revocations");

            migrationBuilder.DropIndex(
                name: "IX_Requests_EntityId",
                table: "Requests");

            migrationBuilder.AddColumn<int>(
                name: "ListId",
                table: "Standings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "ListId",
                table: "Revocations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "ListId",
                table: "Requests",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<string>(
                name: "ListIds",
                table: "ManagedContacts",
                type: "TEXT",
                maxLength: 1300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "ListId",
                table: "Audit",
                type: "INTEGER",
                nullable: true);

            // Every contact the app wrote so far came from the one list; entry, request and revocation audit rows concern it.
            migrationBuilder.Sql("UPDATE \"ManagedContacts\" SET \"ListIds\" = '1';");
            // Naming the list on old rows annotates them without changing what they say; the append-only trigger is lifted
            // for this one statement of the migration and put back at once.
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"Audit_NoUpdate\";");
            migrationBuilder.Sql("UPDATE \"Audit\" SET \"ListId\" = 1 WHERE \"Action\" <= 10;");
            migrationBuilder.Sql("""
                CREATE TRIGGER "Audit_NoUpdate" BEFORE UPDATE ON "Audit"
                BEGIN SELECT RAISE(ABORT, 'The audit log is append-only.'); END;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Standings_EntityId",
                table: "Standings",
                column: "EntityId");

            migrationBuilder.CreateIndex(
                name: "IX_Standings_ListId_EntityId",
                table: "Standings",
                columns: new[] { "ListId", "EntityId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Revocations_ListId_EntityId",
                table: "Revocations",
                columns: new[] { "ListId", "EntityId" },
                unique: true,
                filter: "\"Status\" = 0");

            migrationBuilder.CreateIndex(
                name: "IX_Requests_ListId_EntityId",
                table: "Requests",
                columns: new[] { "ListId", "EntityId" },
                unique: true,
                filter: "\"Status\" = 0");

            migrationBuilder.CreateIndex(
                name: "IX_Audit_ListId_At",
                table: "Audit",
                columns: new[] { "ListId", "At" });

            migrationBuilder.AddForeignKey(
                name: "FK_Requests_StandingsLists_ListId",
                table: "Requests",
                column: "ListId",
                principalTable: "StandingsLists",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Revocations_StandingsLists_ListId",
                table: "Revocations",
                column: "ListId",
                principalTable: "StandingsLists",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Standings_StandingsLists_ListId",
                table: "Standings",
                column: "ListId",
                principalTable: "StandingsLists",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Requests_StandingsLists_ListId",
                table: "Requests");

            migrationBuilder.DropForeignKey(
                name: "FK_Revocations_StandingsLists_ListId",
                table: "Revocations");

            migrationBuilder.DropForeignKey(
                name: "FK_Standings_StandingsLists_ListId",
                table: "Standings");

            migrationBuilder.DropTable(
                name: "StandingsLists");

            migrationBuilder.DropIndex(
                name: "IX_Standings_EntityId",
                table: "Standings");

            migrationBuilder.DropIndex(
                name: "IX_Standings_ListId_EntityId",
                table: "Standings");

            migrationBuilder.DropIndex(
                name: "IX_Revocations_ListId_EntityId",
                table: "Revocations");

            migrationBuilder.DropIndex(
                name: "IX_Requests_ListId_EntityId",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "IX_Audit_ListId_At",
                table: "Audit");

            migrationBuilder.DropColumn(
                name: "ListId",
                table: "Standings");

            migrationBuilder.DropColumn(
                name: "ListId",
                table: "Revocations");

            migrationBuilder.DropColumn(
                name: "ListId",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "ListIds",
                table: "ManagedContacts");

            migrationBuilder.DropColumn(
                name: "ListId",
                table: "Audit");

            migrationBuilder.CreateIndex(
                name: "IX_Standings_EntityId",
                table: "Standings",
                column: "EntityId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Revocations_EntityId",
                table: "Revocations",
                column: "EntityId",
                unique: true,
                filter: "\"Status\" = 0");

            migrationBuilder.CreateIndex(
                name: "IX_Requests_EntityId",
                table: "Requests",
                column: "EntityId",
                unique: true,
                filter: "\"Status\" = 0");
        }
    }
}
