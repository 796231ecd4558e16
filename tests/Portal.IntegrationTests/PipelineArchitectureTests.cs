using System.Reflection;
using Portal.Engine.Admission;
using Portal.Engine.Resources;
using Portal.Engine.Runner;
using Xunit;

namespace Portal.IntegrationTests;

/// <summary>
/// The pipeline is a structure, not a convention: admission rules are judged only by the one admission entry
/// point, and the resource layer changes the engine only for a holder of an <see cref="AdmittedOperation"/>,
/// which only the runner makes after access, admission and quota. Read from the Engine assembly's IL, so calls
/// inside lambdas and async methods count.
/// </summary>
public sealed class PipelineArchitectureTests
{
    private static readonly Assembly s_engine = typeof(OperationRunner).Assembly;

    private static readonly Lazy<List<(Type Owner, MemberInfo Member)>> s_references = new(() => [.. IlReferences.Of(s_engine)]);

    /// <summary>Resource-layer methods that change nothing a user asked for; each line says why it needs no proof.</summary>
    private static readonly HashSet<string> s_unadmitted = new(StringComparer.Ordinal)
    {
        "ContainerResources.InspectAsync",          // a read
        "ContainerResources.EnsureNotSelfAsync",    // a guard checked before a plan acts
        "NetworkResources.EnsureMayRemoveAsync",    // a guard checked before a removal
        "VolumeResources.EnsureMayRemoveAsync",     // a guard checked before a removal
        "ContainerResources.CreateHelperAsync",     // Portal's own short-lived volume-browser helper (a read)
        "ContainerResources.RemoveHelperAsync",     // … removed again at once
        "VolumeResources.CreateHelperAsync",
        "VolumeResources.RemoveHelperAsync",
    };

    [Fact]
    public void AdmissionRules_AreJudgedOnlyByTheEntryPoint()
    {
        var callers = s_references.Value
            .Where(r => r.Member is MethodInfo { Name: "Check" } m && IsRule(m.DeclaringType!))
            .Select(r => r.Owner.FullName!)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal([typeof(AdmissionPolicy).FullName!], callers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AdmissionRules_AreNamedOnlyInTheAdmissionFolderAndTheirRegistration()
    {
        var ruleTypes = s_engine.GetTypes().Where(t => !t.IsAbstract && !t.IsInterface && typeof(IAdmissionRule).IsAssignableFrom(t)).Select(t => t.FullName!).ToHashSet(StringComparer.Ordinal);
        var outside = TypeUsage.Scan(s_engine)
            .Where(u => ruleTypes.Contains(u.Used) && !u.UserNamespace.StartsWith("Portal.Engine.Admission", StringComparison.Ordinal)
                && u.User != typeof(Portal.Engine.PortalEngineHostingExtensions).FullName)
            .Select(u => u.ToString())
            .ToList();

        Assert.True(outside.Count == 0, "Admission rules are judged through AdmissionPolicy, by request kind; name them only in src/Engine/Admission: " + string.Join(", ", outside));
        // Every request kind lives in the admission folder too.
        Assert.All(s_engine.GetTypes().Where(t => t.IsSubclassOf(typeof(AdmissionRequest))), t => Assert.Equal("Portal.Engine.Admission", t.Namespace));
    }

    [Fact]
    public void AdmittedOperation_IsMadeOnlyByTheRunner()
    {
        var makers = s_references.Value
            .Where(r => r.Member is ConstructorInfo c && c.DeclaringType == typeof(AdmittedOperation))
            .Select(r => r.Owner)
            .ToHashSet();

        Assert.Equal([typeof(OperationRunner)], makers);
        Assert.All(typeof(AdmittedOperation).GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance), c => Assert.False(c.IsPublic));
    }

    [Fact]
    public void ResourceLayer_ChangesTheEngineOnlyWithAnAdmittedOperation()
    {
        var writers = new[] { typeof(ContainerResources), typeof(NetworkResources), typeof(VolumeResources), typeof(ImageResources) };
        var methods = writers
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsPrivate && !m.IsSpecialName)
            .ToList();

        var unproven = methods
            .Where(m => !s_unadmitted.Contains($"{m.DeclaringType!.Name}.{m.Name}") && m.GetParameters().FirstOrDefault()?.ParameterType != typeof(AdmittedOperation))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .ToList();

        Assert.True(unproven.Count == 0, "A resource-layer method that changes the engine takes the AdmittedOperation a declared operation's engine step holds: " + string.Join(", ", unproven));
        // The list above names only methods that exist, and the scan sees the writers.
        Assert.Empty(s_unadmitted.Except(methods.Select(m => $"{m.DeclaringType!.Name}.{m.Name}")));
        Assert.Contains(methods, m => m.Name == "CreateAsync" && m.DeclaringType == typeof(ContainerResources));
    }

    [Fact]
    public void EngineStreams_RunAsDeclaredOperations()
    {
        // Exec, pull, push and build call the Docker client themselves (ResourceLayerArchitectureTests lists them);
        // they are still declared, so the runner runs their access and admission.
        var declaring = s_references.Value
            .Where(r => r.Member is MethodInfo { Name: nameof(OperationRunner.RunAsync) } m && m.DeclaringType == typeof(OperationRunner)
                && m.GetParameters().Any(p => p.ParameterType == typeof(OperationDeclaration)))
            .Select(r => r.Owner.FullName!)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Contains("Portal.Engine.Exec.ExecOperations", declaring);
        Assert.Contains("Portal.Engine.Images.ImageTransfers", declaring);
        Assert.Contains("Portal.Engine.Images.ImageBuilds", declaring);
    }

    private static bool IsRule(Type type) =>
        (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IAdmissionRule<>))
        || (!type.IsInterface && typeof(IAdmissionRule).IsAssignableFrom(type));
}
