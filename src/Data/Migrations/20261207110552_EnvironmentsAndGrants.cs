using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class EnvironmentsAndGrants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Description",
                table: "Endpoints",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "Endpoints",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Socket");

            migrationBuilder.AddColumn<string>(
                name: "Labels",
                table: "Endpoints",
                type: "TEXT",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SshHostKeyFingerprint",
                table: "Endpoints",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SshPrivateKeyCipher",
                table: "Endpoints",
                type: "TEXT",
                maxLength: 32768,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TlsCaPem",
                table: "Endpoints",
                type: "TEXT",
                maxLength: 16384,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TlsClientCertPem",
                table: "Endpoints",
                type: "TEXT",
                maxLength: 16384,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TlsClientKeyCipher",
                table: "Endpoints",
                type: "TEXT",
                maxLength: 32768,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "UpdatedAt",
                table: "Endpoints",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "EnvironmentGrants",
                columns: table => new
                {
                    TeamId = table.Column<int>(type: "INTEGER", nullable: false),
                    EndpointId = table.Column<int>(type: "INTEGER", nullable: false),
                    Role = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EnvironmentGrants", x => new { x.TeamId, x.EndpointId });
                    table.ForeignKey(
                        name: "FK_EnvironmentGrants_Endpoints_EndpointId",
                        column: x => x.EndpointId,
                        principalTable: "Endpoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_EnvironmentGrants_Teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EnvironmentGrants_EndpointId",
                table: "EnvironmentGrants",
                column: "EndpointId");

            // Until now every team used every engine Portal knew (only the local one): keep that, as operator-at-most grants.
            migrationBuilder.Sql("INSERT INTO EnvironmentGrants (TeamId, EndpointId, Role) SELECT t.Id, e.Id, 1 FROM Teams t CROSS JOIN Endpoints e;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EnvironmentGrants");

            migrationBuilder.DropColumn(
                name: "Description",
                table: "Endpoints");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "Endpoints");

            migrationBuilder.DropColumn(
                name: "Labels",
                table: "Endpoints");

            migrationBuilder.DropColumn(
                name: "SshHostKeyFingerprint",
                table: "Endpoints");

            migrationBuilder.DropColumn(
                name: "SshPrivateKeyCipher",
                table: "Endpoints");

            migrationBuilder.DropColumn(
                name: "TlsCaPem",
                table: "Endpoints");

            migrationBuilder.DropColumn(
                name: "TlsClientCertPem",
                table: "Endpoints");

            migrationBuilder.DropColumn(
                name: "TlsClientKeyCipher",
                table: "Endpoints");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "Endpoints");
        }
    }
}
