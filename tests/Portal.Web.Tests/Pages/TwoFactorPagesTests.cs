using System.Security.Claims;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Web.Components.Pages.Account;
using Portal.Web.Security.Oidc;
using Portal.Web.Security.TwoFactor;
using Portal.Web.Tests.Fakes;

namespace Portal.Web.Tests.Pages;

/// <summary>The account's two-factor page, the sign-in code step and the sign-in page's provider button.</summary>
public sealed class TwoFactorPagesTests : BunitContext
{
    private readonly FakeTwoFactor _twoFactor = new();

    public TwoFactorPagesTests()
    {
        Services.AddSingleton<ITwoFactorAccounts>(_twoFactor);
        Services.AddSingleton<AntiforgeryStateProvider>(new FixedAntiforgery());
        AddAuthorization().SetAuthorized("alice");
    }

    [Fact]
    public void Off_ShowsSecretUriAndQrCode_AndTheEnableForm()
    {
        _twoFactor.State = new TwoFactorState(true, false, "abcd efgh ijkl mnop", "otpauth://totp/Portal:alice?secret=ABCDEFGHIJKLMNOP&issuer=Portal&digits=6", "<svg data-qr=\"1\"></svg>", 0);

        var cut = Render<TwoFactorPage>();

        Assert.Equal("abcd efgh ijkl mnop", cut.Find("[data-testid=totp-secret]").TextContent);
        Assert.Contains("otpauth://totp/Portal:alice?secret=ABCDEFGHIJKLMNOP", cut.Find("[data-testid=totp-uri]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=totp-qr] svg"));
        Assert.NotNull(cut.Find("[data-testid=totp-enable-form] input[name=Code]"));
        Assert.Empty(cut.FindAll("[data-testid=totp-disable-form]"));
    }

    [Fact]
    public void Enable_ShowsRecoveryCodesOnce_ThenTheEnabledState()
    {
        _twoFactor.State = new TwoFactorState(true, false, "abcd", "otpauth://totp/x", "<svg></svg>", 0);
        _twoFactor.Codes = ["AAAAA-11111", "BBBBB-22222"];
        var cut = Render<TwoFactorPage>();
        _twoFactor.State = new TwoFactorState(true, true, null, null, null, 2);

        cut.Find("[data-testid=totp-enable-form]").Submit();

        Assert.Equal(["AAAAA-11111", "BBBBB-22222"], cut.FindAll("[data-testid=recovery-codes] li").Select(li => li.TextContent).ToArray());
        Assert.Contains("2 recovery codes left", cut.Find("[data-testid=totp-enabled]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=totp-secret]"));
        Assert.Equal(1, _twoFactor.EnableCalls);
    }

    [Fact]
    public void Enable_WrongCode_SaysSo_AndKeepsTheSecret()
    {
        _twoFactor.State = new TwoFactorState(true, false, "abcd", "otpauth://totp/x", "<svg></svg>", 0);
        _twoFactor.Codes = null;
        var cut = Render<TwoFactorPage>();

        cut.Find("[data-testid=totp-enable-form]").Submit();

        Assert.Contains("not right", cut.Find("[data-testid=totp-error]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=recovery-codes]"));
        Assert.Equal("abcd", cut.Find("[data-testid=totp-secret]").TextContent);
    }

    [Fact]
    public void On_OffersNewCodesAndTurningOff_NoSecret()
    {
        _twoFactor.State = new TwoFactorState(true, true, null, null, null, 7);

        var cut = Render<TwoFactorPage>();

        Assert.Contains("7 recovery codes left", cut.Find("[data-testid=totp-enabled]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=totp-disable-form]"));
        Assert.NotNull(cut.Find("[data-testid=totp-recovery-form]"));
        Assert.Empty(cut.FindAll("[data-testid=totp-secret]"));
    }

    [Fact]
    public void SingleSignOnAccount_IsNotOfferedTotp()
    {
        _twoFactor.State = new TwoFactorState(false, false, null, null, null, 0);

        var cut = Render<TwoFactorPage>();

        Assert.NotNull(cut.Find("[data-testid=totp-not-local]"));
        Assert.Empty(cut.FindAll("form"));
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

        public int EnableCalls { get; private set; }

        public Task<TwoFactorState> GetStateAsync(ClaimsPrincipal who) => Task.FromResult(State);

        public Task<IReadOnlyList<string>?> EnableAsync(ClaimsPrincipal who, string? code)
        {
            EnableCalls++;
            return Task.FromResult(Codes);
        }

        public Task<bool> DisableAsync(ClaimsPrincipal who, string? code) => Task.FromResult(true);

        public Task<IReadOnlyList<string>?> NewRecoveryCodesAsync(ClaimsPrincipal who, string? code) => Task.FromResult(Codes);
    }
}
