using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Portal.Web.Components.Pages.Account;
using Portal.Web.Security;
using Portal.Web.Security.Oidc;
using Portal.Web.Security.TwoFactor;
using Portal.Web.Tests.Fakes;

namespace Portal.Web.Tests.Pages;

/// <summary>
/// The account's two-factor page (inside the app, interactive: a change goes through the session renewal and
/// comes back with its outcome), the sign-in code step and the sign-in page's provider button.
/// </summary>
public sealed class TwoFactorPagesTests : BunitContext
{
    private const string Stamp = "stamp-1";
    private readonly FakeTwoFactor _twoFactor = new();
    private readonly SessionRefreshTickets _tickets = new(TimeProvider.System);

    public TwoFactorPagesTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<ITwoFactorAccounts>(_twoFactor);
        Services.AddSingleton(_tickets);
        Services.AddSingleton(Options.Create(new IdentityOptions()));
        Services.AddSingleton<AntiforgeryStateProvider>(new FixedAntiforgery());
        var auth = AddAuthorization();
        auth.SetAuthorized("alice");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, "id-alice"), new Claim(new IdentityOptions().ClaimsIdentity.SecurityStampClaimType, Stamp));
    }

    [Fact]
    public void Off_ShowsSecretUriAndQrCode_AndTheEnableInput()
    {
        _twoFactor.State = new TwoFactorState(true, false, "abcd efgh ijkl mnop", "otpauth://totp/Portal:alice?secret=ABCDEFGHIJKLMNOP&issuer=Portal&digits=6", "<svg data-qr=\"1\"></svg>", 0);

        var cut = Render<TwoFactorPage>();

        Assert.Equal("abcd efgh ijkl mnop", cut.Find("[data-testid=totp-secret]").TextContent);
        Assert.Contains("otpauth://totp/Portal:alice?secret=ABCDEFGHIJKLMNOP", cut.Find("[data-testid=totp-uri]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=totp-qr] svg"));
        Assert.NotNull(cut.Find("#enable-code[autocomplete=one-time-code]"));
        Assert.Empty(cut.FindAll("[data-testid=totp-disable-form]"));
        // Inside the app: no form posts (the page is interactive), the account page one step up.
        Assert.Empty(cut.FindAll("form"));
        Assert.Contains("Account", cut.Find(".mud-breadcrumbs").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Enable_RenewsThisSessionThroughTheEndpoint_ThenShowsTheRecoveryCodesOnce()
    {
        _twoFactor.State = new TwoFactorState(true, false, "abcd", "otpauth://totp/x", "<svg></svg>", 0);
        _twoFactor.Codes = ["AAAAA-11111", "BBBBB-22222"];
        var navigation = Services.GetRequiredService<NavigationManager>();
        var cut = Render<TwoFactorPage>();

        cut.Find("#enable-code").Input("123456");
        cut.Find("[data-testid=totp-enable]").Click();

        cut.WaitForAssertion(() => Assert.StartsWith("http://localhost" + SessionRefreshEndpoint.Path + "?ticket=", navigation.Uri, StringComparison.Ordinal));
        Assert.Equal("123456", _twoFactor.LastCode);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(navigation.Uri).Query);
        Assert.Equal("/account/two-factor", query["returnUrl"].ToString());
        var ticket = query["ticket"].ToString();
        // Until the browser has left, the circuit of this session is not ended by the stamp check; no other session is kept.
        Assert.True(_tickets.Holds("id-alice", Stamp));
        Assert.False(_tickets.Holds("id-alice", "another-stamp"));
        // The ticket renews alice's session with the stamp her cookie carries, and no other.
        Assert.False(_tickets.Admits(ticket, "id-bob", Stamp));
        Assert.False(_tickets.Admits(ticket, "id-alice", "another-stamp"));
        Assert.True(_tickets.Use(ticket, "id-alice", Stamp));
        Assert.False(_tickets.Use(ticket, "id-alice", Stamp));

        // Back from the renewal: the outcome is shown, once.
        _twoFactor.State = new TwoFactorState(true, true, null, null, null, 2);
        navigation.NavigateTo($"/account/two-factor?{SessionRefreshEndpoint.DoneParameter}={ticket}");
        var back = Render<TwoFactorPage>();
        Assert.Equal(["AAAAA-11111", "BBBBB-22222"], back.FindAll("[data-testid=recovery-codes] li").Select(li => li.TextContent).ToArray());
        Assert.Contains("next sign-in asks for a code", back.Find("[data-testid=totp-message]").TextContent, StringComparison.Ordinal);
        Assert.Contains("2 recovery codes left", back.Find("[data-testid=totp-enabled]").TextContent, StringComparison.Ordinal);
        var again = Render<TwoFactorPage>();
        Assert.Empty(again.FindAll("[data-testid=recovery-codes]"));
    }

    [Fact]
    public void Enable_WrongCode_SaysSo_StaysOnThePage_AndKeepsTheSecret()
    {
        _twoFactor.State = new TwoFactorState(true, false, "abcd", "otpauth://totp/x", "<svg></svg>", 0);
        _twoFactor.Codes = null;
        var navigation = Services.GetRequiredService<NavigationManager>();
        var cut = Render<TwoFactorPage>();

        cut.Find("#enable-code").Input("000000");
        cut.Find("[data-testid=totp-enable]").Click();

        cut.WaitForAssertion(() => Assert.Contains("not right", cut.Find("[data-testid=totp-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=recovery-codes]"));
        Assert.Equal("abcd", cut.Find("[data-testid=totp-secret]").TextContent);
        Assert.DoesNotContain(SessionRefreshEndpoint.Path, navigation.Uri, StringComparison.Ordinal);
        // The ticket taken for the change went with it: nothing holds this session's circuit past the stamp check.
        Assert.False(_tickets.Holds("id-alice", Stamp));
    }

    [Fact]
    public void Enable_FromASessionAlreadyEnded_ChangesNothing_AndTakesNoTicket()
    {
        _twoFactor.State = new TwoFactorState(true, false, "abcd", "otpauth://totp/x", "<svg></svg>", 0);
        _twoFactor.Codes = ["AAAAA-11111"];
        _twoFactor.SessionCurrent = false;
        var navigation = Services.GetRequiredService<NavigationManager>();
        var cut = Render<TwoFactorPage>();

        cut.Find("#enable-code").Input("123456");
        cut.Find("[data-testid=totp-enable]").Click();

        cut.WaitForAssertion(() => Assert.Contains("session has ended", cut.Find("[data-testid=totp-error]").TextContent, StringComparison.Ordinal));
        Assert.Null(_twoFactor.LastCode);
        Assert.DoesNotContain(SessionRefreshEndpoint.Path, navigation.Uri, StringComparison.Ordinal);
        Assert.False(_tickets.Holds("id-alice", Stamp));
    }

    [Fact]
    public void On_OffersNewCodesAndTurningOff_NoSecret()
    {
        _twoFactor.State = new TwoFactorState(true, true, null, null, null, 7);

        var cut = Render<TwoFactorPage>();

        Assert.Contains("7 recovery codes left", cut.Find("[data-testid=totp-enabled]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=totp-disable-form] #disable-code"));
        Assert.NotNull(cut.Find("[data-testid=totp-recovery-form] #recovery-code"));
        Assert.Empty(cut.FindAll("[data-testid=totp-secret]"));
    }

    [Fact]
    public void SingleSignOnAccount_IsNotOfferedTotp()
    {
        _twoFactor.State = new TwoFactorState(false, false, null, null, null, 0);

        var cut = Render<TwoFactorPage>();

        Assert.NotNull(cut.Find("[data-testid=totp-not-local]"));
        Assert.Empty(cut.FindAll("input"));
    }

    [Fact]
    public void LoginCode_PostsTheCodeWithAntiforgery()
    {
        var cut = Render<LoginCode>();

        var form = cut.Find("form");
        Assert.Equal(TwoFactorEndpoints.CodeAction, form.GetAttribute("action"));
        Assert.NotNull(form.QuerySelector("input[name=code][autocomplete=one-time-code]"));
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
    }

    [Fact]
    public void Login_ShowsProviderButtonOnlyWhenConfigured()
    {
        Services.AddSingleton(Options.Create(new OidcSettings { Authority = "https://id.example.com/", ClientId = "portal", DisplayName = "Keycloak", Map = "a=b" }));

        var cut = Render<Login>();

        Assert.Equal("Sign in with Keycloak", cut.Find("[data-testid=login-sso]").TextContent.Trim());
        Assert.Equal(OidcEndpoints.Start, cut.Find("[data-testid=login-sso]").Closest("form")!.GetAttribute("action"));
        Assert.NotNull(cut.Find("[data-testid=login-submit]"));
    }

    [Fact]
    public void Login_NoProviderButtonWhenNotConfigured()
    {
        Services.AddSingleton(Options.Create(new OidcSettings()));

        var cut = Render<Login>();

        Assert.Empty(cut.FindAll("[data-testid=login-sso]"));
        Assert.NotNull(cut.Find("[data-testid=login-submit]"));
    }

    private sealed class FakeTwoFactor : ITwoFactorAccounts
    {
        public TwoFactorState State { get; set; } = new(true, false, null, null, null, 0);

        public IReadOnlyList<string>? Codes { get; set; }

        public bool SessionCurrent { get; set; } = true;

        public Task<bool> SessionCurrentAsync(ClaimsPrincipal who) => Task.FromResult(SessionCurrent);

        public string? LastCode { get; private set; }

        public Task<TwoFactorState> GetStateAsync(ClaimsPrincipal who) => Task.FromResult(State);

        public Task<IReadOnlyList<string>?> EnableAsync(ClaimsPrincipal who, string? code)
        {
            LastCode = code;
            return Task.FromResult(Codes);
        }

        public Task<bool> DisableAsync(ClaimsPrincipal who, string? code) => Task.FromResult(true);

        public Task<IReadOnlyList<string>?> NewRecoveryCodesAsync(ClaimsPrincipal who, string? code) => Task.FromResult(Codes);
    }
}
