using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Registries;
using Portal.Web.Components.Pages.Registries;

namespace Portal.Web.Tests.Pages;

public sealed class RegistryListTests : PortalTestContext
{
    private async Task SeedAsync(string name, string? team, string secret)
    {
        var protector = Services.GetRequiredService<ISecretProtector>();
        await Services.GetRequiredService<RegistryStore>().AddAsync(new RegistryCredential
        {
            Name = name, Url = "http://127.0.0.1:5000", Host = "127.0.0.1:5000", UserName = "bob",
            SecretCipher = protector.Protect(secret), Team = team, CreatedBy = "admin",
        }, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Operator_SeesTeamRegistryWithoutSecret_AndMayAdd()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        await SeedAsync("web-reg", "web", "pw-never-shown");
        await SeedAsync("other-reg", "other", "pw-other");

        var cut = Render<RegistryList>();

        cut.WaitForAssertion(() => Assert.Equal("web-reg", cut.Find("[data-testid=registry-name]").TextContent.Trim()));
        Assert.DoesNotContain("pw-never-shown", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("other-reg", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("secret set", cut.Markup, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=registry-create]"));
        Assert.NotNull(cut.Find("[data-testid=registry-delete]"));
    }

    [Fact]
    public async Task Viewer_MayNotAddOrRemove()
    {
        await SignInAsync("vic", teams: ("web", TeamRole.Viewer));
        await SeedAsync("web-reg", "web", "pw");

        var cut = Render<RegistryList>();

        cut.WaitForAssertion(() => cut.Find("[data-testid=registry-name]"));
        Assert.Empty(cut.FindAll("[data-testid=registry-create]"));
        Assert.Empty(cut.FindAll("[data-testid=registry-delete]"));
    }
}
