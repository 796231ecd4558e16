using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class ImageCatalogSync : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Owner",
                table: "Images",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PulledBy",
                table: "Images",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PulledByTeam",
                table: "Images",
                type: "TEXT",
                maxLength: 64,
                nullable: true,
                collation: "NOCASE");

            migrationBuilder.CreateIndex(
                name: "IX_Images_EndpointId_Team_CreatedAt",
                table: "Images",
                columns: new[] { "EndpointId", "Team", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Containers_EndpointId_ImageId",
                table: "Containers",
                columns: new[] { "EndpointId", "ImageId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Images_EndpointId_Team_CreatedAt",
                table: "Images");

            migrationBuilder.DropIndex(
                name: "IX_Containers_EndpointId_ImageId",
                table: "Containers");

            migrationBuilder.DropColumn(
                name: "Owner",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "PulledBy",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "PulledByTeam",
                table: "Images");
        }
    }
}
