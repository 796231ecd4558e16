using System.Reflection;
using Portal.Data;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests;

/// <summary>Dependencies point one way: Web → Engine → Data; only Engine talks to Docker.</summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly s_engine = typeof(OperationRunner).Assembly;
    private static readonly Assembly s_data = typeof(PortalDbContext).Assembly;

    [Fact]
    public void PortalData_References_NoPortalProjectAndNoDocker()
    {
        var names = References(s_data);

        Assert.DoesNotContain(names, n => n.StartsWith("Portal.", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.StartsWith("Docker.DotNet", StringComparison.Ordinal));
    }

    [Fact]
    public void PortalEngine_References_DataAndDockerButNoAspNetCore()
    {
        var names = References(s_engine);

        Assert.Contains("Portal.Data", names);
        Assert.Contains("Docker.DotNet", names);
        Assert.DoesNotContain(names, n => n.StartsWith("Portal.Web", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal));
    }

    private static List<string> References(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
}
