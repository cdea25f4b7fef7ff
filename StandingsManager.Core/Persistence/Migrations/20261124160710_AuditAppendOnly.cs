using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StandingsManager.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AuditAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The code refuses to change audit rows; the database refuses too, so bulk
            // ExecuteUpdate/ExecuteDelete or a hand-written statement cannot rewrite history.
            if (migrationBuilder.IsSqlite())
            {
                migrationBuilder.Sql("""
                    CREATE TRIGGER "Audit_NoUpdate" BEFORE UPDATE ON "Audit"
                    BEGIN SELECT RAISE(ABORT, 'The audit log is append-only.'); END;
                    """);
                migrationBuilder.Sql("""
                    CREATE TRIGGER "Audit_NoDelete" BEFORE DELETE ON "Audit"
                    BEGIN SELECT RAISE(ABORT, 'The audit log is append-only.'); END;
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            if (migrationBuilder.IsSqlite())
            {
                migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Audit_NoUpdate";""");
                migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Audit_NoDelete";""");
            }
        }
    }
}
