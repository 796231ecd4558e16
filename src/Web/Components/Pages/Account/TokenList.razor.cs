using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using Portal.Engine.Pipeline;
using Portal.Engine.Tokens;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages.Account;

/// <summary>The signed-in person's access tokens: create (secret shown once), list with last use, revoke.</summary>
public sealed partial class TokenList : IAsyncDisposable
{
    /// <summary>Lifetimes offered, in days (0: never expires).</summary>
    public static readonly IReadOnlyList<(int Days, string Label)> Expiries =
        [(7, "in 7 days"), (30, "in 30 days"), (90, "in 90 days"), (365, "in a year"), (0, "never")];

    private IReadOnlyList<TokenSummary>? _tokens;
    private IssuedToken? _issued;
    private string? _error;
    private string? _name;
    private int _expiresInDays = 30;
    private bool _readOnly;
    private bool _busy;
    private bool _copied;
    private IJSObjectReference? _module;

    [Inject] public required TokenOperations Tokens { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required IJSRuntime JS { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        try
        {
            _tokens = await Tokens.ListAsync(await CurrentActor.GetAsync(), CancellationToken.None);
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
            _tokens = [];
        }
    }

    private async Task CreateAsync()
    {
        _busy = true;
        _copied = false;
        try
        {
            _issued = await Tokens.CreateAsync(await CurrentActor.GetAsync(), _name, _readOnly, _expiresInDays == 0 ? null : _expiresInDays, CancellationToken.None);
            _error = null;
            _name = null;
            await LoadAsync();
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RevokeAsync(TokenSummary token)
    {
        if (await Components.Dialogs.ConfirmDialog.AskAsync(Dialogs, "Revoke token", $"Revoke '{token.Name}'? Scripts using it stop working at once.", "Revoke", offerForce: false) is null)
        {
            return;
        }

        _busy = true;
        try
        {
            await Tokens.RevokeAsync(await CurrentActor.GetAsync(), token.Id, CancellationToken.None);
            _error = null;
            await LoadAsync();
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task CopyAsync()
    {
        if (_issued is null)
        {
            return;
        }

        // A module file rather than inline script: the content security policy allows scripts from Portal only.
        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Pages/Account/TokenList.razor.js");
        _copied = await _module.InvokeAsync<bool>("copyText", _issued.Token);
    }

    private string StateOf(TokenSummary token) =>
        token.Revoked ? "revoked"
        : token.ExpiresAt is { } e && e <= Time.GetUtcNow().UtcDateTime ? "expired"
        : "active";

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone; so is the module.
            }
        }
    }
}
