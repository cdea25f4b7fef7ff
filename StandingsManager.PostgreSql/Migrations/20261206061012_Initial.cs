using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace StandingsManager.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Accounts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    DeactivatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DeactivationReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    MainCharacterId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Accounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Audit",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Action = table.Column<int>(type: "integer", nullable: false),
                    ActorAccountId = table.Column<int>(type: "integer", nullable: true),
                    ActorName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SubjectId = table.Column<long>(type: "bigint", nullable: true),
                    SubjectType = table.Column<int>(type: "integer", nullable: true),
                    SubjectName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Standing = table.Column<double>(type: "double precision", nullable: true),
                    Details = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ListId = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Audit", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EveEntities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Type = table.Column<int>(type: "integer", nullable: false),
                    CorporationId = table.Column<long>(type: "bigint", nullable: true),
                    AllianceId = table.Column<long>(type: "bigint", nullable: true),
                    MemberCount = table.Column<int>(type: "integer", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EveEntities", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Installation",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    IsDemo = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Installation", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "KnownWars",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    ReadAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AggressorAllianceId = table.Column<long>(type: "bigint", nullable: true),
                    AggressorCorporationId = table.Column<long>(type: "bigint", nullable: true),
                    DefenderAllianceId = table.Column<long>(type: "bigint", nullable: true),
                    DefenderCorporationId = table.Column<long>(type: "bigint", nullable: true),
                    Allies = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Declared = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Started = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Finished = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Retracted = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Mutual = table.Column<bool>(type: "boolean", nullable: false),
                    OpenForAllies = table.Column<bool>(type: "boolean", nullable: false),
                    ETag = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    InvolvesUs = table.Column<bool>(type: "boolean", nullable: false),
                    Watch = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnownWars", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    IsRead = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OutboundAlerts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AbandonedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboundAlerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SettingsAdministratorBindings",
                columns: table => new
                {
                    CharacterId = table.Column<long>(type: "bigint", nullable: false),
                    OwnerHash = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    BoundAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SettingsAdministratorBindings", x => x.CharacterId);
                });

            migrationBuilder.CreateTable(
                name: "StandingsLists",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    LabelName = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Source = table.Column<int>(type: "integer", nullable: false),
                    AudienceStates = table.Column<int>(type: "integer", nullable: false),
                    AudienceCorporationIds = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    AudienceAllianceIds = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Priority = table.Column<int>(type: "integer", nullable: false),
                    DefaultStanding = table.Column<double>(type: "double precision", nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DeletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DeletedReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    MirrorCharacterId = table.Column<long>(type: "bigint", nullable: true),
                    MirrorOwnerType = table.Column<int>(type: "integer", nullable: true),
                    MirrorOwnerId = table.Column<long>(type: "bigint", nullable: true),
                    MirrorOwnerName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    MirrorMinimumStanding = table.Column<double>(type: "double precision", nullable: true),
                    SourceReadAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SourceExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SourceETag = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    SourceProblem = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    IncludePendingWars = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StandingsLists", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SyncInstances",
                columns: table => new
                {
                    Owner = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    BeatAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncInstances", x => x.Owner);
                });

            migrationBuilder.CreateTable(
                name: "SyncOutcomeDays",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Outcome = table.Column<int>(type: "integer", nullable: false),
                    Runs = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncOutcomeDays", x => new { x.Day, x.Outcome });
                });

            migrationBuilder.CreateTable(
                name: "SyncRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CharacterId = table.Column<long>(type: "bigint", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Outcome = table.Column<int>(type: "integer", nullable: false),
                    DryRun = table.Column<bool>(type: "boolean", nullable: false),
                    Added = table.Column<int>(type: "integer", nullable: false),
                    Updated = table.Column<int>(type: "integer", nullable: false),
                    Removed = table.Column<int>(type: "integer", nullable: false),
                    Collisions = table.Column<int>(type: "integer", nullable: false),
                    Capped = table.Column<int>(type: "integer", nullable: false),
                    Refused = table.Column<int>(type: "integer", nullable: false),
                    EsiCalls = table.Column<int>(type: "integer", nullable: false),
                    DurationMs = table.Column<int>(type: "integer", nullable: false),
                    Message = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WarScanState",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    NewestWarId = table.Column<long>(type: "bigint", nullable: true),
                    ColdMaxWarId = table.Column<long>(type: "bigint", nullable: true),
                    ColdIdsLeft = table.Column<int>(type: "integer", nullable: false),
                    ScanDepth = table.Column<int>(type: "integer", nullable: false),
                    ColdStartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ColdFinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PageETag = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PageExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WarScanState", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WorkLeases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Owner = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkLeases", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "AccountRoles",
                columns: table => new
                {
                    AccountId = table.Column<int>(type: "integer", nullable: false),
                    Role = table.Column<int>(type: "integer", nullable: false),
                    GrantedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    GrantedByName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountRoles", x => new { x.AccountId, x.Role });
                    table.ForeignKey(
                        name: "FK_AccountRoles_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Characters",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    OwnerHash = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AccountId = table.Column<int>(type: "integer", nullable: false),
                    CorporationId = table.Column<long>(type: "bigint", nullable: true),
                    AllianceId = table.Column<long>(type: "bigint", nullable: true),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Characters", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Characters_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Sessions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AccountId = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Sessions_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Requests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ListId = table.Column<int>(type: "integer", nullable: false),
                    EntityId = table.Column<long>(type: "bigint", nullable: false),
                    EntityType = table.Column<int>(type: "integer", nullable: false),
                    EntityName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RequesterAccountId = table.Column<int>(type: "integer", nullable: false),
                    RequesterName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    DecidedByAccountId = table.Column<int>(type: "integer", nullable: true),
                    DecidedByName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Standing = table.Column<double>(type: "double precision", nullable: true),
                    DecisionNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Requests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Requests_StandingsLists_ListId",
                        column: x => x.ListId,
                        principalTable: "StandingsLists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Revocations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ListId = table.Column<int>(type: "integer", nullable: false),
                    EntityId = table.Column<long>(type: "bigint", nullable: false),
                    EntityType = table.Column<int>(type: "integer", nullable: false),
                    EntityName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Source = table.Column<int>(type: "integer", nullable: false),
                    SystemReason = table.Column<int>(type: "integer", nullable: false),
                    RequestedByAccountId = table.Column<int>(type: "integer", nullable: true),
                    RequestedByName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ApplyAfter = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    DecidedByAccountId = table.Column<int>(type: "integer", nullable: true),
                    DecidedByName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecisionNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Revocations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Revocations_StandingsLists_ListId",
                        column: x => x.ListId,
                        principalTable: "StandingsLists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Standings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ListId = table.Column<int>(type: "integer", nullable: false),
                    EntityId = table.Column<long>(type: "bigint", nullable: false),
                    EntityType = table.Column<int>(type: "integer", nullable: false),
                    EntityName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Standing = table.Column<double>(type: "double precision", nullable: false),
                    Notes = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    AddedByAccountId = table.Column<int>(type: "integer", nullable: true),
                    AddedByName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RequestId = table.Column<int>(type: "integer", nullable: true),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ExpiryWarnedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Standings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Standings_StandingsLists_ListId",
                        column: x => x.ListId,
                        principalTable: "StandingsLists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ManagedContacts",
                columns: table => new
                {
                    CharacterId = table.Column<long>(type: "bigint", nullable: false),
                    ContactId = table.Column<long>(type: "bigint", nullable: false),
                    ContactType = table.Column<int>(type: "integer", nullable: false),
                    Standing = table.Column<double>(type: "double precision", nullable: false),
                    LabelIds = table.Column<string>(type: "character varying(1300)", maxLength: 1300, nullable: false),
                    ListIds = table.Column<string>(type: "character varying(1300)", maxLength: 1300, nullable: false),
                    Watched = table.Column<bool>(type: "boolean", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    WrittenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OverriddenPersonalStanding = table.Column<double>(type: "double precision", nullable: true),
                    OverriddenPersonalLabelIds = table.Column<string>(type: "character varying(1300)", maxLength: 1300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ManagedContacts", x => new { x.CharacterId, x.ContactId });
                    table.ForeignKey(
                        name: "FK_ManagedContacts_Characters_CharacterId",
                        column: x => x.CharacterId,
                        principalTable: "Characters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SyncedCharacters",
                columns: table => new
                {
                    CharacterId = table.Column<long>(type: "bigint", nullable: false),
                    AccountId = table.Column<int>(type: "integer", nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    StatusMessage = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastSyncAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastSuccessAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FailureAlertedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    NextSyncAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FailedRuns = table.Column<int>(type: "integer", nullable: false),
                    LastManualSyncAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastDesiredHash = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ContactsETag = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    LabelsETag = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    LabelId = table.Column<long>(type: "bigint", nullable: true),
                    LeaseOwner = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncedCharacters", x => x.CharacterId);
                    table.ForeignKey(
                        name: "FK_SyncedCharacters_Characters_CharacterId",
                        column: x => x.CharacterId,
                        principalTable: "Characters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Tokens",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CharacterId = table.Column<long>(type: "bigint", nullable: false),
                    EncryptedRefreshToken = table.Column<string>(type: "text", nullable: false),
                    Scopes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    InvalidReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Tokens_Characters_CharacterId",
                        column: x => x.CharacterId,
                        principalTable: "Characters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SyncedCharacterLists",
                columns: table => new
                {
                    CharacterId = table.Column<long>(type: "bigint", nullable: false),
                    ListId = table.Column<int>(type: "integer", nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Message = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    LabelId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncedCharacterLists", x => new { x.CharacterId, x.ListId });
                    table.ForeignKey(
                        name: "FK_SyncedCharacterLists_StandingsLists_ListId",
                        column: x => x.ListId,
                        principalTable: "StandingsLists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SyncedCharacterLists_SyncedCharacters_CharacterId",
                        column: x => x.CharacterId,
                        principalTable: "SyncedCharacters",
                        principalColumn: "CharacterId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Audit_At",
                table: "Audit",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_Audit_ListId_At",
                table: "Audit",
                columns: new[] { "ListId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Audit_SubjectId",
                table: "Audit",
                column: "SubjectId");

            migrationBuilder.CreateIndex(
                name: "IX_Characters_AccountId",
                table: "Characters",
                column: "AccountId");

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

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_AccountId_IsRead",
                table: "Notifications",
                columns: new[] { "AccountId", "IsRead" });

            migrationBuilder.CreateIndex(
                name: "IX_OutboundAlerts_SentAt_AbandonedAt_NextAttemptAt",
                table: "OutboundAlerts",
                columns: new[] { "SentAt", "AbandonedAt", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_ListId_EntityId",
                table: "Requests",
                columns: new[] { "ListId", "EntityId" },
                unique: true,
                filter: "\"Status\" = 0");

            migrationBuilder.CreateIndex(
                name: "IX_Requests_RequesterAccountId",
                table: "Requests",
                column: "RequesterAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Status_CreatedAt",
                table: "Requests",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Revocations_ListId_EntityId",
                table: "Revocations",
                columns: new[] { "ListId", "EntityId" },
                unique: true,
                filter: "\"Status\" = 0");

            migrationBuilder.CreateIndex(
                name: "IX_Revocations_Status_CreatedAt",
                table: "Revocations",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_AccountId",
                table: "Sessions",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_ExpiresAt",
                table: "Sessions",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_Standings_EntityId",
                table: "Standings",
                column: "EntityId");

            migrationBuilder.CreateIndex(
                name: "IX_Standings_EntityType_EntityName",
                table: "Standings",
                columns: new[] { "EntityType", "EntityName" });

            migrationBuilder.CreateIndex(
                name: "IX_Standings_ListId_EntityId",
                table: "Standings",
                columns: new[] { "ListId", "EntityId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SyncRuns_CharacterId_StartedAt",
                table: "SyncRuns",
                columns: new[] { "CharacterId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SyncedCharacterLists_ListId",
                table: "SyncedCharacterLists",
                column: "ListId");

            migrationBuilder.CreateIndex(
                name: "IX_SyncedCharacters_Enabled_NextSyncAt",
                table: "SyncedCharacters",
                columns: new[] { "Enabled", "NextSyncAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Tokens_CharacterId",
                table: "Tokens",
                column: "CharacterId",
                unique: true);

            // The first list, as SQLite's Issue13Lists creates it; the start-up names it from Standings:LabelName. The
            // identity then moves past it, so the next list an administrator adds does not collide with it.
            migrationBuilder.InsertData(
                table: "StandingsLists",
                columns: new[] { "Id", "Name", "LabelName", "Source", "AudienceStates", "AudienceCorporationIds", "AudienceAllianceIds", "Priority", "DefaultStanding", "Enabled", "CreatedAt", "IncludePendingWars", "Version" },
                values: new object[] { 1, "Alliance Standings", "Alliance Standings", 0, 3, "", "", 100, 5.0, true, DateTimeOffset.UnixEpoch, true, 0 });
            migrationBuilder.Sql("""SELECT setval(pg_get_serial_sequence('"StandingsLists"', 'Id'), (SELECT MAX("Id") FROM "StandingsLists"));""");

            // The code refuses to change audit rows; the database refuses too, so a bulk statement or a hand-written one
            // cannot rewrite history (SQLite's triggers are in Core's AuditAppendOnly).
            migrationBuilder.Sql("""
                CREATE FUNCTION "Audit_AppendOnly"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'The audit log is append-only.'; END $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Audit_NoUpdate" BEFORE UPDATE ON "Audit" FOR EACH ROW EXECUTE FUNCTION "Audit_AppendOnly"();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Audit_NoDelete" BEFORE DELETE ON "Audit" FOR EACH ROW EXECUTE FUNCTION "Audit_AppendOnly"();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Audit_NoTruncate" BEFORE TRUNCATE ON "Audit" FOR EACH STATEMENT EXECUTE FUNCTION "Audit_AppendOnly"();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Audit_NoUpdate" ON "Audit";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Audit_NoDelete" ON "Audit";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Audit_NoTruncate" ON "Audit";""");
            migrationBuilder.Sql("""DROP FUNCTION IF EXISTS "Audit_AppendOnly"();""");

            migrationBuilder.DropTable(
                name: "AccountRoles");

            migrationBuilder.DropTable(
                name: "Audit");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "EveEntities");

            migrationBuilder.DropTable(
                name: "Installation");

            migrationBuilder.DropTable(
                name: "KnownWars");

            migrationBuilder.DropTable(
                name: "ManagedContacts");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropTable(
                name: "OutboundAlerts");

            migrationBuilder.DropTable(
                name: "Requests");

            migrationBuilder.DropTable(
                name: "Revocations");

            migrationBuilder.DropTable(
                name: "Sessions");

            migrationBuilder.DropTable(
                name: "SettingsAdministratorBindings");

            migrationBuilder.DropTable(
                name: "Standings");

            migrationBuilder.DropTable(
                name: "SyncInstances");

            migrationBuilder.DropTable(
                name: "SyncOutcomeDays");

            migrationBuilder.DropTable(
                name: "SyncRuns");

            migrationBuilder.DropTable(
                name: "SyncedCharacterLists");

            migrationBuilder.DropTable(
                name: "Tokens");

            migrationBuilder.DropTable(
                name: "WarScanState");

            migrationBuilder.DropTable(
                name: "WorkLeases");

            migrationBuilder.DropTable(
                name: "StandingsLists");

            migrationBuilder.DropTable(
                name: "SyncedCharacters");

            migrationBuilder.DropTable(
                name: "Characters");

            migrationBuilder.DropTable(
                name: "Accounts");
        }
    }
}
