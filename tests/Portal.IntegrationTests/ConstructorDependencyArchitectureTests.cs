using System.Reflection;
using Xunit;

namespace Portal.IntegrationTests;

/// <summary>
/// Small classes (issue 14, item 6): no Engine or Web class takes more than eight constructor dependencies. A class
/// that needs more does several jobs and is split by what they are, not into partial files of one class. Records
/// are data, not services, and are left out.
/// </summary>
public sealed class ConstructorDependencyArchitectureTests
{
    private const int MaxDependencies = 8;

    /// <summary>Classes whose constructor a framework dictates; each line says why.</summary>
    private static readonly HashSet<string> s_framework = new(StringComparer.Ordinal)
    {
        "Portal.Web.Security.PortalUserManager", // Identity's UserManager<T> takes nine services; Portal adds the session stamps
    };

    [Fact]
    public void NoClass_TakesMoreThanEightDependencies()
    {
        var counts = new[] { typeof(Portal.Engine.PortalEngineHostingExtensions).Assembly, typeof(Program).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, FullName: { } name } && !name.Contains('<', StringComparison.Ordinal) && t.GetMethod("<Clone>$") is null)
            .ToDictionary(t => t.FullName!, t => t.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Select(c => c.GetParameters().Length).DefaultIfEmpty(0).Max(), StringComparer.Ordinal);

        var over = counts.Where(c => c.Value > MaxDependencies).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);

        var unlisted = over.Except(s_framework).Order(StringComparer.Ordinal).Select(t => $"{t} ({counts[t]})").ToList();
        Assert.True(unlisted.Count == 0, $"Classes with more than {MaxDependencies} constructor dependencies; split them by what they do: " + string.Join(", ", unlisted));
        // The measure sees constructors: a listed class is still over, and records are not counted as classes.
        Assert.Empty(s_framework.Except(over));
        Assert.DoesNotContain("Portal.Engine.Networks.NetworkSummary", counts.Keys);
    }
}
