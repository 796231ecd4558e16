using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Data.Entities;
using Portal.Web.Components.Pages.Account;
using Portal.Web.Tests.Fakes;

namespace Portal.Web.Tests.Pages;

/// <summary>The account page is an ordinary page of the app (its shell, its colours); the password form still posts.</summary>
public sealed class AccountPageTests : PortalTestContext
{
    public AccountPageTests()
    {
        Services.RemoveAll<AntiforgeryStateProvider>();
        Services.AddSingleton<AntiforgeryStateProvider>(new FixedAntiforgery());
    }

    [Fact]
    public void AccountPage_InteractiveInTheAppShell_LikeEveryOtherPage()
    {
        // No own layout and not excluded from interactive routing: the router gives it MainLayout (app bar, navigation, theme).
        Assert.Null(typeof(AccountPage).GetCustomAttribute<LayoutAttribute>());
        Assert.Null(typeof(AccountPage).GetCustomAttribute<ExcludeFromInteractiveRoutingAttribute>());
        Assert.NotEmpty(typeof(AccountPage).GetCustomAttributes<Microsoft.AspNetCore.Authorization.AuthorizeAttribute>());
    }

    [Fact]
    public async Task PasswordForm_PostsTheThreeFieldsWithTheAntiforgeryToken_MessageShown()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/account?message=Password%20changed.");
        var cut = Render<AccountPage>();

        Assert.Contains("alice", cut.Find("[data-testid=account-user]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Password changed.", cut.Find("[data-testid=account-message]").TextContent.Trim());
        var form = cut.Find("form[data-testid=password-form]");
        Assert.Equal("/account/password", form.GetAttribute("action"));
        Assert.Equal("post", form.GetAttribute("method"));
        foreach (var field in new[] { "current", "next", "confirm" })
        {
            var input = form.QuerySelector($"input#{field}");
            Assert.NotNull(input);
            Assert.Equal(field, input.GetAttribute("name"));
            Assert.Equal("password", input.GetAttribute("type"));
        }

        Assert.Equal("test-token", form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value"));
        Assert.NotNull(form.QuerySelector("button[type=submit]"));
        Assert.Equal("/account/tokens", cut.Find("[data-testid=account-tokens]").GetAttribute("href"));
    }
}
