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

    /// <summary>
    /// The only Portal.Data types Web may name, and which Web types may name them (a namespace
    /// allows everything in it). No store type (<c>Portal.Data.Stores</c>) is on the list: pages,
    /// hubs and endpoints get Engine records from Engine operations.
    /// </summary>
    private static readonly (string Used, string[] Users, string Why)[] s_dataTypesWebMayName =
    [
        ("Portal.Data.Entities.PortalUser", ["Portal.Web.Security", "Portal.Web.PortalWebHostingExtensions"],
            "ASP.NET Core Identity is set up with, signs people in with and checks sessions of its user type"),
        ("Portal.Data.Entities.TeamRole", ["Portal.Web"],
            "the role an Engine Actor holds in a team (Actor.Teams): an enum stored as a number, not an entity"),
        ("Portal.Data.PortalDataHostingExtensions", ["Portal.Web.PortalWebHostingExtensions"], "registration of the data layer"),
        ("Portal.Data.PortalDbContext", ["Portal.Web.PortalWebHostingExtensions", "Portal.Web.Security.SessionStamps"],
            "Identity's EF stores are registered on it; the per-request session check reads stamps from it"),
        ("Portal.Data.DatabaseNewerThanAppException", ["Program"],
            "the entry point turns a refused downgrade (schema newer than the app) into one line and exit status 3"),
    ];

    private static readonly Lazy<IReadOnlyList<TypeUse>> s_webUses = new(() => TypeUsage.Scan(s_web));

    [Fact]
    public void Web_NamesNoDockerClientType()
    {
        var uses = s_webUses.Value.Where(u => u.Used.StartsWith("Docker.DotNet", StringComparison.Ordinal)).Select(u => u.ToString()).ToList();

        Assert.Empty(uses);
    }

    [Fact]
    public void Web_NamesNoDataTypeOutsideItsAllowList()
    {
        var uses = s_webUses.Value
            .Where(u => u.Used.StartsWith("Portal.Data.", StringComparison.Ordinal))
            .Where(u => !s_dataTypesWebMayName.Any(a => a.Used == u.Used && a.Users.Any(user => Within(u.User, user))))
            .Select(u => u.ToString())
            .ToList();

        Assert.Empty(uses);
    }

    /// <summary>Web gets every actor from Security/ActorFactory, which has the Engine's ActorLoader build it.</summary>
    [Fact]
    public void Web_BuildsNoActorByHand()
    {
        Assert.False(TypeUsage.Calls(s_web, "Portal.Engine.Pipeline.Actor", ".ctor"));
        Assert.True(TypeUsage.Calls(typeof(ArchitectureTests).Assembly, "Portal.Engine.Pipeline.Actor", ".ctor"));
    }

    [Fact]
    public void Web_NamesNoStoreType()
    {
        var uses = s_webUses.Value.Where(u => u.UsedNamespace == "Portal.Data.Stores").Select(u => u.ToString()).ToList();

        Assert.Empty(uses);
    }

    /// <summary>What Web gets from Engine must not carry an entity or store record inside (JSON would show it).</summary>
    [Fact]
    public void EngineRecordsWebUses_CarryNoDataType()
    {
        var leaks = new List<string>();
        var engineTypes = s_webUses.Value.Select(u => u.Used).Distinct()
            .Select(name => s_engine.GetType(name)).OfType<Type>();
        foreach (var type in engineTypes)
        {
            Walk(type, type.FullName!, new HashSet<Type>(), leaks);
        }

        Assert.Empty(leaks.Distinct());
    }

    /// <summary>The test above must be able to fail: a store record inside an Engine record is found.</summary>
    [Fact]
    public void EngineRecordsWebUses_FindsADataTypeInside()
    {
        var leaks = new List<string>();

        Walk(typeof(LeakyView), nameof(LeakyView), [], leaks);

        Assert.Equal(["LeakyView.Page: Portal.Data.Stores.Page`1", "LeakyView.Page: Portal.Data.Stores.TeamInfo"], leaks);
    }

    private sealed record LeakyView(Portal.Data.Stores.Page<Portal.Data.Stores.TeamInfo> Page);

    private static void Walk(Type type, string path, HashSet<Type> seen, List<string> leaks)
    {
        foreach (var part in Parts(type).Where(p => !p.IsGenericParameter))
        {
            var name = part.IsGenericType ? part.GetGenericTypeDefinition().FullName! : part.FullName!;
            if (name.StartsWith("Portal.Data.", StringComparison.Ordinal))
            {
                if (!s_dataTypesWebMayName.Any(a => a.Used == name && a.Users.Contains("Portal.Web")))
                {
                    leaks.Add($"{path}: {name}");
                }
            }
            else if (name.StartsWith("Portal.", StringComparison.Ordinal) && seen.Add(part))
            {
                foreach (var property in part.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    Walk(property.PropertyType, $"{path}.{property.Name}", seen, leaks);
                }
            }
        }
    }

    /// <summary>A type and, for arrays and generics, its element and argument types.</summary>
    private static IEnumerable<Type> Parts(Type type)
    {
        if (type.HasElementType)
        {
            return Parts(type.GetElementType()!);
        }

        return type.IsGenericType ? [type, .. type.GetGenericArguments().SelectMany(Parts)] : [type];
    }

    private static bool Within(string user, string allowed) =>
        user == allowed || user.StartsWith(allowed + ".", StringComparison.Ordinal);

    /// <summary>
    /// A class that needs more than this many things to be built does too much: split it by what it does
    /// (as stacks are split into files and revisions, planning, images, deploy and lifecycle).
    /// </summary>
    private const int MaxConstructorParameters = 8;

    /// <summary>
    /// Every public or internal class of Engine and Web takes at most <see cref="MaxConstructorParameters"/>
    /// constructor parameters (a primary constructor's count; a logger or clock counts too). Records are
    /// exempt: they are data, and a record's parameters are its properties, not injected services. What a
    /// framework base class's constructor demands is not counted (Identity's <c>UserManager</c> takes nine):
    /// Portal cannot make those fewer, only what it adds.
    /// </summary>
    [Fact]
    public void EngineAndWebClasses_TakeAtMostEightConstructorParameters()
    {
        var wide = new[] { s_engine, s_web }.SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && (t.IsPublic || t.IsNotPublic || t.IsNestedPublic || t.IsNestedAssembly) && !IsRecord(t)
                && !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false))
            .Select(t => (Type: t, Count: t.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Select(c => c.GetParameters().Length).DefaultIfEmpty(0).Max() - FrameworkBaseParameters(t)))
            .Where(t => t.Count > MaxConstructorParameters)
            .Select(t => $"{t.Type.FullName}: {t.Count}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(wide.Count == 0, "Classes with more than " + MaxConstructorParameters + " constructor parameters:\n" + string.Join('\n', wide));
    }

    /// <summary>The widest constructor of the nearest base class from outside Portal (0 for <see cref="object"/>).</summary>
    private static int FrameworkBaseParameters(Type type)
    {
        var baseType = type.BaseType;
        while (baseType is not null && baseType.Assembly.GetName().Name!.StartsWith("Portal.", StringComparison.Ordinal))
        {
            baseType = baseType.BaseType;
        }

        return baseType?.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(c => c.GetParameters().Length).DefaultIfEmpty(0).Max() ?? 0;
    }

    /// <summary>The compiler gives every record a <c>&lt;Clone&gt;$</c> method; nothing else has one.</summary>
    private static bool IsRecord(Type type) =>
        type.GetMethod("<Clone>$", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic) is not null;

    private static List<string> Names(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
}
