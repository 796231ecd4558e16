using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Web.Components.Pages.Account;

namespace Portal.Web.Tests.Pages;

public sealed class TokenListTests : PortalTestContext
{
    [Fact]
    public async Task Create_ShowsSecretOnce_ListsTokenWithoutIt()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var cut = Render<TokenList>();
        cut.WaitForAssertion(() => Assert.Contains("no tokens yet", cut.Markup, StringComparison.Ordinal));

        cut.Find("#token-name").Change("deploy");
        cut.Find("[data-testid=token-create]").Click();

        cut.WaitForAssertion(() => Assert.Equal("deploy", cut.Find("[data-testid=token-row-name]").TextContent.Trim()));
        var secret = cut.Find("#token-secret").GetAttribute("value")!;
        Assert.StartsWith(TokenStore.Prefix, secret, StringComparison.Ordinal);
        var owner = await Services.GetRequiredService<TokenStore>().ValidateAsync(secret, TestContext.Current.CancellationToken);
        Assert.Equal("alice", owner!.UserName);
        Assert.False(owner.ReadOnly);
        Assert.Equal("active", cut.Find("[data-testid=token-row-state]").TextContent.Trim());

        cut.Find("[data-testid=token-dismiss]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=token-issued]")));
        Assert.DoesNotContain(secret, cut.Markup, StringComparison.Ordinal);
        Assert.Equal("deploy", cut.Find("[data-testid=token-row-name]").TextContent.Trim());
    }

    [Fact]
    public async Task Revoke_AfterConfirm_TokenStopsAndShowsRevoked()
    {
        await SignInAsync("bob", teams: ("web", TeamRole.Viewer));
        var tokens = Services.GetRequiredService<TokenStore>();
        var (_, secret) = await tokens.CreateAsync("id-bob", "old", readOnly: true, expiresAt: null, TestContext.Current.CancellationToken);
        await tokens.ValidateAsync(secret, TestContext.Current.CancellationToken);
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<TokenList>();
        cut.WaitForAssertion(() => Assert.Equal("old", cut.Find("[data-testid=token-row-name]").TextContent.Trim()));
        Assert.DoesNotContain("never", cut.Find("[data-testid=token-row-used]").TextContent, StringComparison.Ordinal);

        cut.Find("[data-testid=token-revoke]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=confirm-ok]"));
        dialogs.Find("[data-testid=confirm-ok]").Click();

        cut.WaitForAssertion(() => Assert.Equal("revoked", cut.Find("[data-testid=token-row-state]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=token-revoke]"));
        Assert.Null(await tokens.ValidateAsync(secret, TestContext.Current.CancellationToken));
    }
}
