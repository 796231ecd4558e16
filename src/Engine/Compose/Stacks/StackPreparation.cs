using Portal.Engine.Admission;
using Portal.Engine.Compose.Execution;
using Portal.Engine.Compose.Model;
using Portal.Engine.Compose.Planning;

namespace Portal.Engine.Compose.Stacks;

// ExternalNetworks: engine ids of the external networks, by name, as access resolved them for the actor.
internal sealed record StackPreparation(ComposePlan Plan, IReadOnlyDictionary<string, string> ImageIds, ComposeRunContext Context,
    IReadOnlyDictionary<string, ContainerSpec> Admitted, ImageNeeds Images, IReadOnlyDictionary<string, string> ExternalNetworks);

/// <summary>Images to pull (reference → the first service that uses it) and services to build.</summary>
internal sealed record ImageNeeds(IReadOnlyDictionary<string, string> Pulls, IReadOnlyList<ComposeService> Builds)
{
    public static ImageNeeds None { get; } = new(new Dictionary<string, string>(), []);

    public bool IsEmpty => Pulls.Count == 0 && Builds.Count == 0;
}
