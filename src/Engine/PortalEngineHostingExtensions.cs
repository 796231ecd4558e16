using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Engine.Access;
using Portal.Engine.Admission;
using Portal.Engine.Audit;
using Portal.Engine.Compose.Loading;
using Portal.Engine.Configuration;
using Portal.Engine.Containers;
using Portal.Engine.DiskUsage;
using Portal.Engine.Docker;
using Portal.Engine.Events;
using Portal.Engine.Images;
using Portal.Engine.Logs;
using Portal.Engine.Networks;
using Portal.Engine.Runner;
using Portal.Engine.Teams;
using Portal.Engine.Volumes;

namespace Portal.Engine;

/// <summary>Registers everything Portal can do to an engine.</summary>
public static class PortalEngineHostingExtensions
{
    /// <summary>Everything but the user operations, which need the host's Identity set-up: see <see cref="AddPortalUserOperations"/>.</summary>
    public static IServiceCollection AddPortalEngine(this IServiceCollection services, Action<EngineOptions> configure)
    {
        services.Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Engines>();
        services.AddSingleton<EngineConnectionFactory>();
        services.AddSingleton<CatalogNotifier>();
        services.AddSingleton<EngineActivity>();
        services.AddSingleton<OperationRunner>();
        // The resource layer: the only writer to the engine, with each resource's guards.
        // Read once at start; TryAdd lets a host name Portal's container itself.
        services.TryAddSingleton(_ => Portal.Engine.Resources.OwnContainer.Detect());
        services.AddSingleton<Portal.Engine.Resources.SelfProtection>();
        services.AddSingleton<Portal.Engine.Resources.ContainerCatalogUpdates>();
        services.AddSingleton<Portal.Engine.Resources.ContainerResources>();
        services.AddSingleton<Portal.Engine.Resources.NetworkResources>();
        services.AddSingleton<Portal.Engine.Resources.VolumeResources>();
        services.AddSingleton<Portal.Engine.Resources.ImageResources>();
        services.AddSingleton<Portal.Engine.Resources.EngineResources>();
        services.AddSingleton<IAdmissionRule, NoPrivilegedRule>();
        services.AddSingleton<IAdmissionRule, DockerSocketRule>();
        services.AddSingleton<IAdmissionRule, NoHostBindsRule>();
        services.AddSingleton<IAdmissionRule, NoHostNamespacesRule>();
        services.AddSingleton<IAdmissionRule, NoAddedCapabilitiesRule>();
        services.AddSingleton<IAdmissionRule, NoDevicesRule>();
        services.AddSingleton<IAdmissionRule, NoUnconfinedSecurityRule>();
        services.AddSingleton<IAdmissionRule, NoSysctlsRule>();
        services.AddSingleton<IAdmissionRule, AllowedImagesRule>();
        services.AddSingleton<IAdmissionRule, MemoryLimitRule>();
        services.AddSingleton<IAdmissionRule, ExecPermissionRule>();
        services.AddSingleton<IAdmissionRule, PrivilegedExecRule>();
        services.AddSingleton<IAdmissionRule, RootExecRule>();
        services.AddSingleton<IAdmissionRule, BridgeNetworksOnlyRule>();
        services.AddSingleton<IAdmissionRule, NoNetworkDriverOptionsRule>();
        services.AddSingleton<IAdmissionRule, AdminSharesNetworksRule>();
        services.AddSingleton<IAdmissionRule, LocalVolumesOnlyRule>();
        services.AddSingleton<IAdmissionRule, NoVolumeDriverOptionsRule>();
        services.AddSingleton<PolicySettingsCache>();
        services.AddSingleton<Portal.Engine.Policy.PolicyOperations>();
        services.AddSingleton<AdmissionPolicy>();
        services.AddSingleton<Portal.Engine.Quotas.QuotaGuard>();
        services.AddSingleton<QuotaOperations>();
        services.AddSingleton<ContainerAccess>();
        services.AddSingleton<ContainerVisibility>();
        services.AddOptions<Portal.Engine.Exec.ExecOptions>();
        services.AddSingleton<Portal.Engine.Exec.IExecOperations, Portal.Engine.Exec.ExecOperations>();
        services.AddSingleton<EngineHttp>();
        services.AddSingleton<EngineDiskUsage>();
        services.AddSingleton<DiskUsageHistory>();
        services.AddSingleton<NetworkAccess>();
        services.AddSingleton<VolumeAccess>();
        services.AddSingleton<Portal.Engine.Access.ContainerAttachments>();
        services.AddSingleton<NetworkListing>();
        services.AddSingleton<Portal.Engine.Events.NetworkCatalogSync>();
        services.AddSingleton<INetworkOperations, NetworkOperations>();
        services.AddSingleton<VolumeUsage>();
        services.AddSingleton<Portal.Engine.Events.VolumeCatalogSync>();
        services.AddSingleton<Portal.Engine.Events.VolumeSizeRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<Portal.Engine.Events.VolumeSizeRefresher>());
        services.AddSingleton<VolumeBrowser>();
        services.AddSingleton<IVolumeOperations, VolumeOperations>();
        services.AddSingleton<IDiskUsageOperations, DiskUsageOperations>();
        services.AddSingleton<ContainerQueries>();
        services.AddSingleton<ContainerChanges>();
        services.AddSingleton<ContainerRuns>();
        services.AddSingleton<IContainerOperations, ContainerOperations>();
        services.AddSingleton<ImageAccess>();
        services.AddSingleton<ImageUsage>();
        services.AddSingleton<Portal.Engine.Events.ImageCatalogSync>();
        services.AddSingleton<ImageListing>();
        services.AddSingleton<ImagePruning>();
        services.AddSingleton<IImageOperations, ImageOperations>();
        services.AddOptions<Portal.Engine.Jobs.JobOptions>().ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Portal.Engine.Jobs.JobOptions>, Portal.Engine.Jobs.ValidateJobOptions>();
        services.AddSingleton<Portal.Engine.Jobs.JobRegistry>();
        services.AddSingleton<IImageTransfers, ImageTransfers>();
        services.AddSingleton<Portal.Engine.Registries.RegistryOperations>();
        services.AddSingleton<Portal.Engine.Registries.IRegistryOperations>(sp => sp.GetRequiredService<Portal.Engine.Registries.RegistryOperations>());
        services.AddSingleton<IImageBuilds, ImageBuilds>();
        services.AddSingleton<TeamOperations>();
        services.AddSingleton<TeamObjects>();
        services.AddSingleton<Portal.Engine.Users.ActorLoader>();
        services.AddSingleton<Portal.Engine.Access.AccessChanges>();
        services.AddSingleton<Portal.Engine.Tokens.TokenSignInCache>();
        services.TryAddSingleton<IComposeLoader, ComposeLoader>();
        services.AddSingleton<AuditOperations>();
        services.AddOptions<LogOptions>();
        services.TryAddSingleton<ILogSource, EngineLogSource>();
        services.AddSingleton<LogBroker>();
        services.AddSingleton<ILogOperations, LogOperations>();
        services.AddSingleton<SignInAudit>();
        services.AddSingleton<AuditRetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditRetentionService>());
        services.AddSingleton<Portal.Engine.Tokens.TokenOperations>();
        services.AddSingleton<Portal.Engine.Stats.StatsSamplers>();
        // The local environment's sampler, for what still reads it alone (metrics, the history keeper's tests).
        services.AddSingleton(sp => sp.GetRequiredService<Portal.Engine.Stats.StatsSamplers>().Local);
        services.AddSingleton<Portal.Engine.Stats.IStatsOperations, Portal.Engine.Stats.StatsOperations>();
        services.AddOptions<Portal.Engine.Stats.StatsOptions>();
        services.AddHostedService<Portal.Engine.Stats.StatsHistoryKeeper>();
        services.AddSingleton<Portal.Engine.Overview.EngineFactsKeeper>();
        services.AddHostedService(sp => sp.GetRequiredService<Portal.Engine.Overview.EngineFactsKeeper>());
        services.AddSingleton<Portal.Engine.Overview.EnvironmentOverviews>();
        services.AddSingleton<Portal.Engine.Overview.HostUsageReader>();
        services.AddSingleton<Portal.Engine.Compose.Stacks.StackAccess>();
        services.AddSingleton<Portal.Engine.Compose.Stacks.StackQuota>();
        services.AddSingleton<Portal.Engine.Compose.Stacks.StackRevisions>();
        services.AddSingleton<Portal.Engine.Compose.Stacks.StackCopies>();
        services.AddSingleton<Portal.Engine.Compose.Stacks.StackRemoval>();
        services.AddSingleton<Portal.Engine.Compose.Stacks.StackPlans>();
        services.AddSingleton<Portal.Engine.Compose.Stacks.StackImages>();
        services.AddSingleton<Portal.Engine.Compose.Stacks.StackDeployment>();
        services.AddSingleton<Portal.Engine.Compose.Stacks.StackLifecycle>();
        services.AddSingleton<Portal.Engine.Compose.Stacks.StackOperations>();
        services.AddSingleton<Portal.Engine.Compose.Stacks.StackJobs>();
        services.AddSingleton<ObjectCatalogs>();
        services.AddSingleton<CatalogSync>();
        services.AddSingleton<EngineConnectionFactory>();
        services.AddSingleton<Portal.Engine.Environments.EnvironmentDefinitions>();
        services.AddSingleton<Portal.Engine.Environments.EnvironmentOperations>();
        services.AddHostedService<Portal.Engine.Environments.StoredEnvironments>();
        services.AddSingleton<EngineEventWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<EngineEventWatcher>());
        return services;
    }

    /// <summary>
    /// The user, own-account, recovery and single-sign-on operations: scoped, like Identity's user manager they
    /// use, and registered by the host after it set Identity up (an engine-only host has no users).
    /// </summary>
    public static IServiceCollection AddPortalUserOperations(this IServiceCollection services)
    {
        services.AddScoped<Portal.Engine.Users.UserOperations>();
        services.AddScoped<Portal.Engine.Users.AccountOperations>();
        services.AddScoped<Portal.Engine.Users.UserPreferences>();
        services.AddScoped<Portal.Engine.Users.UserRecovery>();
        services.AddScoped<Portal.Engine.Users.SingleSignOnAccess>();
        return services;
    }
}
