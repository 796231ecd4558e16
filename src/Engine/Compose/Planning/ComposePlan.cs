using System.Text;

namespace Portal.Engine.Compose.Planning;

/// <summary>The steps that bring the engine to the project's desired state, in execution order within each kind.</summary>
public sealed record ComposePlan(string Project, IReadOnlyList<PlanStep> Steps)
{
    /// <summary>True when nothing would change on the engine.</summary>
    public bool IsNoop => Steps.All(s => !s.Mutates);

    /// <summary>Container steps of one service, by replica number.</summary>
    public IEnumerable<PlanStep> ForService(string service) =>
        Steps.Where(s => s.Object == PlanObject.Container && s.Service == service);

    /// <summary>One line per step: <c>action  resource  name  (cause)</c>, aligned; the audit keeps this text.</summary>
    public string Render()
    {
        var builder = new StringBuilder();
        builder.Append("plan for project ").Append(Project).Append(':');
        if (Steps.Count == 0)
        {
            builder.Append(" nothing to do");
        }

        var resourceWidth = Steps.Count == 0 ? 0 : Steps.Max(s => s.Resource.Length);
        var nameWidth = Steps.Count == 0 ? 0 : Steps.Max(s => s.Name.Length);
        foreach (var step in Steps)
        {
            builder.Append('\n')
                .Append(step.Action.ToString().ToLowerInvariant().PadRight(9))
                .Append(step.Resource.PadRight(resourceWidth + 2))
                .Append(step.Name.PadRight(nameWidth + 2))
                .Append('(').Append(step.Cause).Append(')');
        }

        return builder.ToString();
    }

    public override string ToString() => Render();
}
