using Portal.Engine.Containers;

namespace Portal.Web.Model;

/// <summary>Compares list rows by container id, so a selection survives reloads that bring fresher copies of the same rows.</summary>
public sealed class ContainerIdComparer : IEqualityComparer<ContainerSummary>
{
    public static ContainerIdComparer Instance { get; } = new();

    public bool Equals(ContainerSummary? x, ContainerSummary? y) => string.Equals(x?.Id, y?.Id, StringComparison.Ordinal);

    public int GetHashCode(ContainerSummary obj) => StringComparer.Ordinal.GetHashCode(obj.Id);
}
