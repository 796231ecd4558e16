using System.Reflection;
using Xunit;

namespace Portal.IntegrationTests;

/// <summary>Dependencies point one way: Web → Engine → Data; only Engine talks to Docker.</summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly s_web = typeof(Program).Assembly;
    private static readonly Assembly s_engine = typeof(Portal.Engine.PortalEngineHostingExtensions).Assembly;
    private static readonly Assembly s_data = typeof(Portal.Data.PortalDbContext).Assembly;

    [Fact]
    public void Data_ReferencesNoPortalAssemblyAndNoDockerClient()
    {
        var references = Names(s_data);

        Assert.DoesNotContain(references, n => n.StartsWith("Portal.", StringComparison.Ordinal));
        Assert.DoesNotContain("Docker.DotNet", references);
    }

    [Fact]
    public void Engine_ReferencesDataButNoAspNetCoreOrWeb()
    {
        var references = Names(s_engine);

        Assert.Contains("Portal.Data", references);
        Assert.DoesNotContain("Portal.Web", references);
        Assert.DoesNotContain(references, n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.Contains("Docker.DotNet", references);
    }

    [Fact]
    public void Web_DoesNotTouchTheDockerClient()
    {
        var references = Names(s_web);

        Assert.Contains("Portal.Engine", references);
        Assert.DoesNotContain(references, n => n.StartsWith("Docker.DotNet", StringComparison.Ordinal));
    }

    private static List<string> Names(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
}
