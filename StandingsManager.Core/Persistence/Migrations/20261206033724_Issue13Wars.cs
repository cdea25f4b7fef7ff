using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StandingsManager.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Issue13Wars : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "KnownWars",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    ReadAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AggressorAllianceId = table.Column<long>(type: "INTEGER", nullable: true),
                    AggressorCorporationId = table.Column<long>(type: "INTEGER", nullable: true),
                    DefenderAllianceId = table.Column<long>(type: "INTEGER", nullable: true),
                    DefenderCorporationId = table.Column<long>(type: "INTEGER", nullable: true),
                    Allies = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Declared = table.Column<long>(type: "INTEGER", nullable: true),
                    Started = table.Column<long>(type: "INTEGER", nullable: true),
                    Finished = table.Column<long>(type: "INTEGER", nullable: true),
                    Retracted = table.Column<long>(type: "INTEGER", nullable: true),
                    Mutual = table.Column<bool>(type: "INTEGER", nullable: false),
                    OpenForAllies = table.Column<bool>(type: "INTEGER", nullable: false),
                    ETag = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    InvolvesUs = table.Column<bool>(type: "INTEGER", nullable: false),
                    Watch = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnownWars", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WarScanState",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    NewestWarId = table.Column<long>(type: "INTEGER", nullable: true),
                    ColdMaxWarId = table.Column<long>(type: "INTEGER", nullable: true),
                    ColdIdsLeft = table.Column<int>(type: "INTEGER", nullable: false),
                    ScanDepth = table.Column<int>(type: "INTEGER", nullable: false),
                    ColdStartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ColdFinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PageETag = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PageExpiresAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WarScanState", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_KnownWars_InvolvesUs",
                table: "KnownWars",
                column: "InvolvesUs");

            migrationBuilder.CreateIndex(
                name: "IX_KnownWars_ReadAt",
                table: "KnownWars",
                column: "ReadAt");

            migrationBuilder.CreateIndex(
                name: "IX_KnownWars_Watch_ExpiresAt",
                table: "KnownWars",
                columns: new[] { "Watch", "ExpiresAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "KnownWars");

            migrationBuilder.DropTable(
                name: "WarScanState");
        }
    }
}
