using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Pipeline;
using Portal.Engine.Quotas;
using Portal.Engine.Teams;
using Portal.Web.Components.Dialogs;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages.Admin;

/// <summary>Teams: the list and the create dialog.</summary>
public sealed partial class TeamList
{
    private IReadOnlyList<TeamSummary> _teams = [];
    private Dictionary<string, TeamQuotaView> _quotas = [];
    private bool _loading = true;
    private string? _error;

    [Inject] public required TeamOperations TeamOperations { get; init; }

    [Inject] public required QuotaOperations Quotas { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        try
        {
            var actor = await CurrentActor.GetAsync();
            _teams = await TeamOperations.ListAsync(actor, CancellationToken.None);
            var quotas = new Dictionary<string, TeamQuotaView>(StringComparer.Ordinal);
            foreach (var team in _teams)
            {
                quotas[team.Name] = await Quotas.GetAsync(actor, team.Name, CancellationToken.None);
            }

            _quotas = quotas;
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task EditQuotaAsync(string team)
    {
        var parameters = new DialogParameters<QuotaDialog>
        {
            { d => d.Initial, _quotas.TryGetValue(team, out var q) ? q.Limits : TeamQuotaLimits.Unlimited },
            { d => d.OnSubmit, async limits => await Quotas.SetAsync(await CurrentActor.GetAsync(), team, limits, CancellationToken.None) },
        };
        var dialog = await Dialogs.ShowAsync<QuotaDialog>($"Quota of {team}", parameters, new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"Quota of {team} saved.", Severity.Success);
            await LoadAsync();
        }
    }

    /// <summary>A team that still owns objects is refused with their names, shown above the table where they can be read.</summary>
    private async Task DeleteAsync(string team)
    {
        if (await ConfirmDialog.AskAsync(Dialogs, "Delete team", $"Delete team {team}? Its members leave it and its quota goes. A team that still owns containers, images, networks, volumes, stacks or registry logins cannot be deleted.", "Delete", offerForce: false) is null)
        {
            return;
        }

        try
        {
            await TeamOperations.DeleteAsync(await CurrentActor.GetAsync(), team, CancellationToken.None);
            _error = null;
            Snackbar.Add($"Team {team} deleted.", Severity.Success);
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }

        await LoadAsync();
    }

    private static string Limit(int? limit) => limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "∞";

    private static string Cpus(long nanoCpus) => (nanoCpus / 1e9).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    private async Task CreateAsync()
    {
        var parameters = new DialogParameters<CreateTeamDialog>
        {
            { d => d.OnSubmit, async (name, description) => await TeamOperations.CreateAsync(await CurrentActor.GetAsync(), name, description, CancellationToken.None) },
        };
        var dialog = await Dialogs.ShowAsync<CreateTeamDialog>("Create team", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add("Team created.", Severity.Success);
            await LoadAsync();
        }
    }
}
