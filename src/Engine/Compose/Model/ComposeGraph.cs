using Portal.Engine.Pipeline;

namespace Portal.Engine.Compose.Model;

/// <summary>The dependency graph of a project's services.</summary>
public static class ComposeGraph
{
    /// <summary>Services with every dependency before its dependents; throws naming a cycle if there is one.</summary>
    public static IReadOnlyList<ComposeService> Order(IReadOnlyList<ComposeService> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var byName = services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var ordered = new List<ComposeService>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: visiting, true: done
        var stack = new List<string>();

        void Visit(ComposeService service)
        {
            if (state.TryGetValue(service.Name, out var done))
            {
                if (!done)
                {
                    var cycle = stack.SkipWhile(n => n != service.Name).Append(service.Name);
                    throw OperationFailedException.Invalid($"services: dependency cycle: {string.Join(" -> ", cycle)}.");
                }

                return;
            }

            state[service.Name] = false;
            stack.Add(service.Name);
            foreach (var dependency in service.Dependencies)
            {
                if (byName.TryGetValue(dependency, out var d))
                {
                    Visit(d);
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[service.Name] = true;
            ordered.Add(service);
        }

        foreach (var service in services)
        {
            Visit(service);
        }

        return ordered;
    }

    /// <summary>Services that depend on <paramref name="name"/>, directly.</summary>
    public static IEnumerable<ComposeService> Dependents(IEnumerable<ComposeService> services, string name) =>
        services.Where(s => s.Dependencies.Contains(name, StringComparer.Ordinal));
}
