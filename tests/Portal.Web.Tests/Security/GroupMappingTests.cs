using Microsoft.Extensions.Configuration;
using Portal.Data.Entities;
using Portal.Web.Security.Oidc;

namespace Portal.Web.Tests.Security;

public sealed class GroupMappingTests
{
    [Fact]
    public void Parse_ReadsTeamsRolesAndAdmin_ViewerWhenRoleLeftOut()
    {
        var grants = GroupMapping.Parse("devs=alpha:Operator; ops=beta:viewer\n/org/admins=Admin;readers=gamma", out var errors);

        Assert.Empty(errors);
        Assert.Equal(
            [
                new GroupGrant("devs", "alpha", TeamRole.Operator, false),
                new GroupGrant("ops", "beta", TeamRole.Viewer, false),
                new GroupGrant("/org/admins", null, TeamRole.Operator, true),
                new GroupGrant("readers", "gamma", TeamRole.Viewer, false),
            ],
            grants);
    }

    [Fact]
    public void Parse_ReportsEveryBadEntry_AndGrantsNothing()
    {
        var grants = GroupMapping.Parse("devs; =alpha:Operator; ops=:Viewer; x=beta:Boss; y=beta:1; ok=gamma:Operator", out var errors);

        Assert.Empty(grants);
        Assert.Equal(5, errors.Count);
        Assert.Contains(errors, e => e.Contains("'Boss' is not Operator or Viewer", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("names no team", StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_HighestRoleWinsPerTeam_UnknownGroupsIgnored_ExactGroupNames()
    {
        var grants = GroupMapping.Parse("watchers=alpha:Viewer; devs=alpha:Operator; watchers=beta:Viewer; admins=Admin", out _);

        var access = GroupMapping.Apply(grants, ["watchers", "devs", "Admins", "other"]);

        Assert.False(access.IsAdmin);
        Assert.Equal(new Dictionary<string, TeamRole> { ["alpha"] = TeamRole.Operator, ["beta"] = TeamRole.Viewer }, access.Teams);
        Assert.True(access.GrantsAnything);
    }

    [Fact]
    public void Apply_NoMappedGroup_GrantsNothing_AdminAloneIsEnough()
    {
        var grants = GroupMapping.Parse("devs=alpha:Operator; admins=Admin", out _);

        Assert.False(GroupMapping.Apply(grants, ["contractors"]).GrantsAnything);
        Assert.False(GroupMapping.Apply(grants, []).GrantsAnything);
        var admin = GroupMapping.Apply(grants, ["admins"]);
        Assert.True(admin.IsAdmin);
        Assert.Empty(admin.Teams);
        Assert.True(admin.GrantsAnything);
    }

    [Fact]
    public void Validate_NamesEveryProblemAtOnce()
    {
        var result = new ValidateOidcSettings().Validate(null, new OidcSettings { ClientId = "portal", Map = "devs=alpha:Boss", GroupsClaim = " ", TimeoutSeconds = 0 });

        Assert.True(result.Failed);
        Assert.Equal(4, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("PORTAL_OIDC_AUTHORITY", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("PORTAL_OIDC_MAP", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ConfiguredWithoutMap_Fails_UnconfiguredSucceeds()
    {
        var validator = new ValidateOidcSettings();

        var noMap = validator.Validate(null, new OidcSettings { Authority = "https://id.example.com/", ClientId = "portal" });

        Assert.Contains(noMap.Failures!, f => f.Contains("maps no group", StringComparison.Ordinal));
        Assert.True(validator.Validate(null, new OidcSettings()).Succeeded);
        Assert.Contains(validator.Validate(null, new OidcSettings { Authority = "http://id.example.com/", ClientId = "portal", Map = "a=b" }).Failures!,
            f => f.Contains("must use HTTPS", StringComparison.Ordinal));
        Assert.True(validator.Validate(null, new OidcSettings { Authority = "http://127.0.0.1:1/", ClientId = "portal", Map = "a=b", RequireHttpsMetadata = false }).Succeeded);
        Assert.True(validator.Validate(null, new OidcSettings { Authority = "https://id.example.com/", ClientId = "portal", Map = "devs=alpha" }).Succeeded);
    }

    [Fact]
    public void Read_VariablesWinOverTheSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:Oidc:Authority"] = "https://section.example.com/",
            ["Portal:Oidc:ClientId"] = "from-section",
            ["Portal:Oidc:Map"] = "a=b",
            ["PORTAL_OIDC_CLIENT_ID"] = "from-variable",
            ["PORTAL_OIDC_NAME"] = "Keycloak",
        }).Build();
        var settings = new OidcSettings();

        OidcSettings.Read(configuration, settings);

        Assert.Equal("https://section.example.com/", settings.Authority);
        Assert.Equal("from-variable", settings.ClientId);
        Assert.Equal("Keycloak", settings.DisplayName);
        Assert.True(settings.Enabled);
        Assert.Single(settings.Grants);
    }

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("Alice Smith", "Alice-Smith")]
    [InlineData("alice@example.com", "alice@example.com")]
    [InlineData("  ", "sso-user")]
    [InlineData("ÄÖÜ", "sso-user")]
    public void UserNameFrom_KeepsOnlyAllowedCharacters(string shown, string expected) =>
        Assert.Equal(expected, Portal.Engine.Users.SingleSignOnAccess.UserNameFrom(shown));
}
