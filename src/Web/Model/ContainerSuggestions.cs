using Portal.Engine.Containers;
using Portal.Engine.Pipeline;

namespace Portal.Web.Model;

/// <summary>Container names for a picker: those the person may see in the page's environment, from the catalog.</summary>
public static class ContainerSuggestions
{
    /// <summary>Up to <paramref name="take"/> names containing <paramref name="text"/> (all containers when blank), stopped ones included.</summary>
    public static async Task<IReadOnlyList<string>> NamesAsync(IContainerOperations containers, Actor actor, string? text, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(containers);
        var page = await containers.ListAsync(actor, new ContainerListRequest
        {
            All = true,
            Text = string.IsNullOrWhiteSpace(text) ? null : text.Trim(),
            Take = take,
        }, cancellationToken);
        return page.Items.Select(c => c.Name).ToList();
    }
}
