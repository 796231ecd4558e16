using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class RegistryNamesPerTeam : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Registries_Name",
                table: "Registries");

            migrationBuilder.CreateIndex(
                name: "IX_Registries_Name_Global",
                table: "Registries",
                column: "Name",
                unique: true,
                filter: "\"Team\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Registries_Team_Name",
                table: "Registries",
                columns: new[] { "Team", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Registries_Name_Global",
                table: "Registries");

            migrationBuilder.DropIndex(
                name: "IX_Registries_Team_Name",
                table: "Registries");

            migrationBuilder.CreateIndex(
                name: "IX_Registries_Name",
                table: "Registries",
                column: "Name",
                unique: true);
        }
    }
}
