using Portal.Engine.Admission;

namespace Portal.Engine.Compose.Execution;

/// <summary>
/// What admission and access settled before a deploy, for <see cref="ComposeExecutor"/>: each image's id by reference,
/// each service's admitted spec by name, and the ids of the project's external networks by name.
/// </summary>
public sealed record ComposeResolved(IReadOnlyDictionary<string, string> ImageIds, IReadOnlyDictionary<string, ContainerSpec> Admitted,
    IReadOnlyDictionary<string, string> ExternalNetworks);
