using System.Security.Claims;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Bunit.TestDoubles;
using MudBlazor.Services;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine;
using Portal.Engine.Containers;
using Portal.Engine.Images;
using Portal.Engine.DiskUsage;
using Portal.Engine.Networks;
using Portal.Engine.Volumes;
using Portal.Web.Model;
using Portal.Web.Security;
using Portal.Web.Tests.Fakes;

namespace Portal.Web.Tests;

/// <summary>
/// The one base for page tests: MudBlazor services, loose JS interop, a 10 s wait, a signed-in
/// user, the real Engine team and audit services on a throw-away SQLite file, and a fake container service.
/// </summary>
public abstract class PortalTestContext : BunitContext, IAsyncLifetime
{
    private static readonly Lazy<Task<string>> s_template = new(CreateTemplateAsync);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "portal-web-tests", Guid.NewGuid().ToString("N"));

    protected PortalTestContext()
    {
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Directory.CreateDirectory(_folder);
        DatabasePath = Path.Combine(_folder, "portal.db");

        Services.AddLogging();
        Services.AddMudServices();
        Services.AddPortalData(DatabasePath);
        // Never started here: hosted services do not run in bUnit, and the socket does not exist.
        Services.AddPortalEngine(o => o.Endpoint = "unix:///nonexistent/portal-test.sock");
        Services.RemoveAll<IContainerOperations>();
        Services.AddSingleton<IContainerOperations>(Containers);
        Services.RemoveAll<IImageOperations>();
        Services.AddSingleton<IImageOperations>(Images);
        Services.RemoveAll<IImageTransfers>();
        Services.AddSingleton<IImageTransfers>(Transfers);
        Builds = new FakeImageBuilds(Transfers);
        Services.RemoveAll<IImageBuilds>();
        Services.AddSingleton<IImageBuilds>(Builds);
        Services.RemoveAll<INetworkOperations>();
        Services.AddSingleton<INetworkOperations>(Networks);
        Services.RemoveAll<IVolumeOperations>();
        Services.AddSingleton<IVolumeOperations>(Volumes);
        Services.RemoveAll<IDiskUsageOperations>();
        Services.AddSingleton<IDiskUsageOperations>(DiskUsage);
        // The real protector with throw-away keys: registry pages run against the real store.
        Services.AddSingleton<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider());
        Services.AddSingleton<Portal.Engine.Registries.ISecretProtector, DataProtectionSecretProtector>();
        Services.AddScoped<ActorFactory>();
        Services.AddScoped<CurrentEnvironment>();
        Services.AddScoped<CurrentActor>();
        Services.AddScoped<ContainerActionRunner>();
        Auth = AddAuthorization();
    }

    public FakeContainerOperations Containers { get; } = new();

    public FakeImageOperations Images { get; } = new();

    public FakeImageTransfers Transfers { get; } = new();

    public FakeImageBuilds Builds { get; }

    public FakeNetworkOperations Networks { get; } = new();

    public FakeVolumeOperations Volumes { get; } = new();

    public FakeDiskUsageOperations DiskUsage { get; } = new();

    /// <summary>Copies the migrated template before the test; services only open the file when first used.</summary>
    public async ValueTask InitializeAsync() => File.Copy(await s_template.Value, DatabasePath);

    public BunitAuthorizationContext Auth { get; }

    public string DatabasePath { get; }

    /// <summary>Signs in a user who is a member of the given teams (created on the fly).</summary>
    protected async Task SignInAsync(string userName, bool admin = false, params (string Team, TeamRole Role)[] teams)
    {
        var userId = "id-" + userName;
        var factory = Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using (var db = await factory.CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            db.Users.Add(new PortalUser { Id = userId, UserName = userName, NormalizedUserName = userName.ToUpperInvariant(), CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var store = Services.GetRequiredService<TeamStore>();
        var local = await LocalEnvironmentAsync();
        foreach (var (team, role) in teams)
        {
            if (!await store.ExistsAsync(team, TestContext.Current.CancellationToken))
            {
                await store.CreateAsync(team, null, TestContext.Current.CancellationToken);
                // As TeamOperations does for a new team: the local environment, as operators.
                await Services.GetRequiredService<EnvironmentGrantStore>().SetAsync(team, local.Id, TeamRole.Operator, TestContext.Current.CancellationToken);
            }

            await store.SetMembershipAsync(userId, team, role, TestContext.Current.CancellationToken);
        }

        Auth.SetAuthorized(userName);
        if (admin)
        {
            // Roles first: setting them after the claims dropped the NameIdentifier claim.
            Auth.SetRoles(PortalRoles.Admin);
        }

        Auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));
    }

    /// <summary>The local environment with its row, as the engine watcher (a hosted service, not run here) makes it at start.</summary>
    protected async Task<Portal.Engine.Docker.EnvironmentEngine> LocalEnvironmentAsync()
    {
        var local = Services.GetRequiredService<Portal.Engine.Docker.Engines>().Local;
        if (!local.Ready.IsCompleted)
        {
            local.SetId(await Services.GetRequiredService<EndpointStore>().EnsureAsync(local.Name, local.Endpoint, TestContext.Current.CancellationToken));
        }

        return local;
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A pooled handle may linger a moment; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>Migrates one database per test run; each test copies it, which is much faster than migrating.</summary>
    private static async Task<string> CreateTemplateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "portal-web-tests", "template-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "template.db");
        var options = new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options;
        await using (var db = new PortalDbContext(options))
        {
            await db.Database.MigrateAsync();
        }

        return path;
    }
}
