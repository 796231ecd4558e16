using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Containers;
using Portal.Engine.Logs;
using Portal.Engine.Pipeline;
using Portal.Web.Model;
using Portal.Web.Utils;

namespace Portal.Web.Components.Pages.Logs;

/// <summary>
/// <c>/logs?c=…</c>: the log of one container, or several interleaved by time. The picker offers
/// the containers the person may see (the catalog, searched by name); only a picked container is
/// added, so half-typed text never becomes a chip. A link with <c>?c=&lt;id&gt;</c> works too.
/// </summary>
public sealed partial class MergedLogs
{
    private const int PickerItems = 20;
    private const int MaxContainers = LogOperations.MaxMergedContainers;

    private readonly List<string> _chosen = [];
    private MudAutocomplete<string>? _picker;
    private string? _pick;
    private string? _error;

    [SupplyParameterFromQuery(Name = "c")] public string[]? C { get; set; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required IContainerOperations Containers { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    private IReadOnlyList<string> Selected => C ?? [];

    protected override void OnParametersSet()
    {
        _chosen.Clear();
        _chosen.AddRange(Selected.Distinct(StringComparer.Ordinal).Take(MaxContainers));
    }

    private async Task<IEnumerable<string>> SearchAsync(string? text, CancellationToken cancellationToken)
    {
        try
        {
            _error = null;
            var names = await ContainerSuggestions.NamesAsync(Containers, await CurrentActor.GetAsync(cancellationToken), text, PickerItems, cancellationToken);
            return names.Where(n => !_chosen.Contains(n, StringComparer.Ordinal));
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
            return [];
        }
    }

    private async Task AddAsync(string? value)
    {
        var name = value?.Trim();
        if (!string.IsNullOrEmpty(name) && !_chosen.Contains(name, StringComparer.Ordinal) && _chosen.Count < MaxContainers)
        {
            _chosen.Add(name);
        }

        _pick = null;
        if (_picker is not null)
        {
            await _picker.ClearAsync();
        }
    }

    private void Remove(MudChip<string> chip) => _chosen.Remove(chip.Value ?? "");

    private void Show() => Navigation.NavigateTo(PortalUrls.Logs(_chosen));
}
