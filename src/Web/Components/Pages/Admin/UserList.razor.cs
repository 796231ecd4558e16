using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Pipeline;
using Portal.Engine.Teams;
using Portal.Web.Components.Dialogs;
using Portal.Web.Model;
using Portal.Engine.Users;

namespace Portal.Web.Components.Pages.Admin;

/// <summary>User administration: create, disable, reset passwords and manage team memberships.</summary>
public sealed partial class UserList
{
    private IReadOnlyList<UserSummary> _users = [];
    private IReadOnlyList<string> _teamNames = [];
    private bool _loading = true;
    private string? _error;

    [Inject] public required UserOperations Users { get; init; }

    [Inject] public required TeamOperations TeamOperations { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _loading = true;
        try
        {
            var actor = await CurrentActor.GetAsync();
            _users = await Users.ListAsync(actor, CancellationToken.None);
            _teamNames = (await TeamOperations.ListAsync(actor, CancellationToken.None)).Select(t => t.Name).ToList();
            _error = null;
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

    private async Task CreateAsync()
    {
        var parameters = new DialogParameters<CreateUserDialog>
        {
            { d => d.Teams, _teamNames },
            { d => d.OnSubmit, CreateUserAsync },
        };
        await ShowAndReloadAsync<CreateUserDialog>("Create user", parameters, "User created.");
    }

    /// <summary>
    /// A new team typed in the dialog is made first, by the Teams page's own operation (audited as <c>team.create</c>),
    /// then the user joins it with the chosen role. If the user is then refused, the team stays, and trying again uses it.
    /// </summary>
    private async Task CreateUserAsync(CreateUserRequest request, string? newTeam)
    {
        var actor = await CurrentActor.GetAsync();
        var teams = request.Teams?.ToList() ?? [];
        var name = newTeam?.Trim();
        if (!string.IsNullOrEmpty(name))
        {
            if (!_teamNames.Contains(name, StringComparer.Ordinal))
            {
                try
                {
                    await TeamOperations.CreateAsync(actor, name, null, CancellationToken.None);
                }
                catch (OperationFailedException ex) when (ex.Field == "name")
                {
                    // The team's name is the dialog's "new team" input, not the user's name.
                    throw new OperationFailedException(ex.Outcome, ex.Message, ex) { Rule = ex.Rule, Field = "newTeam" };
                }

                _teamNames = [.. _teamNames, name];
            }

            teams.Add(name);
        }

        await Users.CreateAsync(actor, request with { Teams = teams }, CancellationToken.None);
    }

    private async Task AddMembershipAsync(UserSummary user)
    {
        var parameters = new DialogParameters<MembershipDialog>
        {
            { d => d.Teams, _teamNames.Where(t => !user.Teams.Any(m => m.Team == t)).ToList() },
            { d => d.OnSubmit, choice => SetMembershipAsync(user, choice) },
        };
        await ShowAndReloadAsync<MembershipDialog>($"Add {user.UserName} to a team", parameters, $"{user.UserName}'s teams changed.");
    }

    private async Task ChangeRoleAsync(UserSummary user, MembershipSummary membership)
    {
        var parameters = new DialogParameters<MembershipDialog>
        {
            { d => d.Teams, [membership.Team] },
            { d => d.FixedTeam, membership.Team },
            { d => d.InitialRole, membership.Role },
            { d => d.InitialMayExec, membership.MayExec },
            { d => d.InitialMaySeeEnvironment, membership.MaySeeEnvironment },
            { d => d.OnSubmit, choice => SetMembershipAsync(user, choice) },
        };
        await ShowAndReloadAsync<MembershipDialog>($"{user.UserName} in {membership.Team}", parameters, $"{user.UserName}'s role in {membership.Team} changed.");
    }

    private async Task SetMembershipAsync(UserSummary user, MembershipChoice choice) =>
        await Users.SetMembershipAsync(await CurrentActor.GetAsync(), user.UserName, choice.Team,
            new MembershipRequest(choice.Role.ToString(), choice.MayExec, choice.MaySeeEnvironment), CancellationToken.None);

    private async Task RemoveMembershipAsync(UserSummary user, MembershipSummary membership)
    {
        var confirmed = await ConfirmDialog.AskAsync(Dialogs, "Remove from team",
            $"Remove {user.UserName} from {membership.Team}? They lose access to its containers at once.", "Remove", offerForce: false);
        if (confirmed is not null)
        {
            await RunAsync(async actor => await Users.RemoveMembershipAsync(actor, user.UserName, membership.Team, CancellationToken.None),
                $"{user.UserName} left {membership.Team}.");
        }
    }

    private async Task ResetPasswordAsync(UserSummary user)
    {
        var parameters = new DialogParameters<ResetPasswordDialog>
        {
            { d => d.OnSubmit, async password => await Users.ResetPasswordAsync(await CurrentActor.GetAsync(), user.UserName, password, CancellationToken.None) },
        };
        await ShowAndReloadAsync<ResetPasswordDialog>($"Reset {user.UserName}'s password", parameters, "Password changed.");
    }

    private Task SetDisabledAsync(UserSummary user, bool disabled) =>
        RunAsync(async actor => await Users.SetDisabledAsync(actor, user.UserName, disabled, CancellationToken.None),
            disabled ? $"{user.UserName} is disabled and signed out." : $"{user.UserName} is enabled.");

    private async Task DeleteAsync(UserSummary user)
    {
        var confirmed = await ConfirmDialog.AskAsync(Dialogs, "Delete user",
            $"Delete {user.UserName}? Their team memberships and access tokens go with the account; the audit log keeps their name and what they did. This cannot be undone.",
            "Delete", offerForce: false);
        if (confirmed is not null)
        {
            await RunAsync(async actor => await Users.DeleteAsync(actor, user.UserName, CancellationToken.None), $"{user.UserName} is deleted.");
        }
    }

    private async Task ShowAndReloadAsync<TDialog>(string title, DialogParameters<TDialog> parameters, string success)
        where TDialog : IComponent
    {
        var dialog = await Dialogs.ShowAsync<TDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        if (result is { Canceled: false })
        {
            Snackbar.Add(success, Severity.Success);
            await LoadAsync();
        }
    }

    private async Task RunAsync(Func<Actor, Task> call, string success)
    {
        try
        {
            await call(await CurrentActor.GetAsync());
            Snackbar.Add(success, Severity.Success);
        }
        catch (OperationFailedException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }

        await LoadAsync();
    }
}
