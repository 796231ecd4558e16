using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MudBlazor;
using Portal.Web.Security;
using Portal.Web.Security.TwoFactor;
using Portal.Web.Utils;

namespace Portal.Web.Components.Pages.Account;

/// <summary>
/// The authenticator second factor, inside the app. Each change (on, off, new recovery codes) rotates the person's
/// security stamp, which ends every session, this one included; a circuit cannot write the cookie, so the page takes
/// a <see cref="SessionRefreshTickets"/> ticket first and, once the change is made, sends the browser through
/// <see cref="SessionRefreshEndpoint"/>, which re-issues this session's cookie and comes back here with the outcome.
/// </summary>
public sealed partial class TwoFactorPage
{
    private readonly List<BreadcrumbItem> _breadcrumbs = [new("Account", PortalUrls.Account()), new("Two-factor sign-in", null, disabled: true)];
    private TwoFactorState? _state;
    private IReadOnlyList<string>? _codes;
    private string? _error;
    private string? _message;
    private string? _enableCode;
    private string? _disableCode;
    private string? _recoveryCode;
    private bool _busy;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthState { get; set; }

    /// <summary>The ticket of a change just made, after the round trip: its outcome is shown once.</summary>
    [SupplyParameterFromQuery(Name = SessionRefreshEndpoint.DoneParameter)]
    public string? Done { get; set; }

    [Inject] public required ITwoFactorAccounts TwoFactor { get; init; }

    [Inject] public required SessionRefreshTickets Tickets { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required IOptions<IdentityOptions> Identity { get; init; }

    /// <summary>
    /// The outcome of the change just made: taken once when the page is prerendered, and carried to the
    /// interactive render in the page's persisted state (taking it twice would find nothing the second time).
    /// </summary>
    [PersistentState]
    public SessionRefreshOutcome? Outcome { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var user = await UserAsync();
        Outcome ??= Tickets.TakeOutcome(Done, user.FindFirstValue(ClaimTypes.NameIdentifier));
        (_message, _codes) = (Outcome?.Message, Outcome?.Codes);
        _state = await TwoFactor.GetStateAsync(user);
    }

    private Task EnableAsync() => ChangeAsync(
        who => TwoFactor.EnableAsync(who, _enableCode),
        "Two-factor sign-in is on: the next sign-in asks for a code.",
        "That code is not right; check the app's clock and try the current code.");

    private Task DisableAsync() => ChangeAsync(
        async who => await TwoFactor.DisableAsync(who, _disableCode) ? [] : null,
        "Two-factor sign-in is off.",
        "That code is not right.");

    private Task NewCodesAsync() => ChangeAsync(
        who => TwoFactor.NewRecoveryCodesAsync(who, _recoveryCode),
        "New recovery codes made; the old ones no longer work.",
        "That code is not right.");

    /// <summary>
    /// Makes one change. On success the session's cookie is stale (the stamp rotated): the browser goes through the
    /// renewal at once, with the ticket taken before the change, and the outcome waits there for this page.
    /// </summary>
    private async Task ChangeAsync(Func<ClaimsPrincipal, Task<IReadOnlyList<string>?>> change, string done, string wrongCode)
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        _error = null;
        _message = null;
        _codes = null;
        string? ticket = null;
        try
        {
            var user = await UserAsync();
            var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
            var stamp = user.FindFirstValue(Identity.Value.ClaimsIdentity.SecurityStampClaimType);
            // A session an administrator already ended (its stamp is stale) is not renewed by a change made from it.
            if (!await TwoFactor.SessionCurrentAsync(user))
            {
                _error = "Your session has ended; sign in again.";
                return;
            }

            ticket = Tickets.Issue(userId ?? "", stamp ?? "");
            var codes = await change(user);
            if (codes is null)
            {
                _error = wrongCode;
                return;
            }

            Tickets.SetOutcome(ticket, done, codes.Count > 0 ? codes : null);
            Navigation.NavigateTo(SessionRefreshEndpoint.Url(ticket, PortalUrls.TwoFactor), forceLoad: true);
            ticket = null;
        }
        finally
        {
            if (ticket is not null)
            {
                Tickets.Revoke(ticket);
            }

            _busy = false;
        }
    }

    private async Task<ClaimsPrincipal> UserAsync() => AuthState is null ? new() : (await AuthState).User;
}
