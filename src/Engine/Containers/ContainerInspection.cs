using System.Globalization;
using Docker.DotNet.Models;
using Portal.Data.Entities;
using Portal.Engine.Admission;
using Portal.Engine.Events;
using Portal.Engine.Labels;

namespace Portal.Engine.Containers;

/// <summary>Maps <c>docker inspect</c> output to <see cref="ContainerDetails"/>.</summary>
internal static class ContainerInspection
{
    public static ContainerDetails ToDetails(ContainerInspectResponse i, string? team, CatalogContainer? row, DateTime now)
    {
        var labels = i.Config?.Labels is { } l ? new Dictionary<string, string>(l) : [];
        var ports = new List<PortMapping>();
        foreach (var (key, bindings) in i.HostConfig?.PortBindings ?? new Dictionary<string, IList<PortBinding>>())
        {
            var parts = key.Split('/');
            var containerPort = int.Parse(parts[0], CultureInfo.InvariantCulture);
            var protocol = parts.Length > 1 ? parts[1] : "tcp";
            foreach (var b in bindings ?? [])
            {
                ports.Add(new PortMapping(string.IsNullOrEmpty(b.HostIP) ? "0.0.0.0" : b.HostIP,
                    int.TryParse(b.HostPort, CultureInfo.InvariantCulture, out var hp) ? hp : null, containerPort, protocol));
            }
        }

        // The actual host port of an ephemeral binding is only in NetworkSettings.
        foreach (var (key, bindings) in i.NetworkSettings?.Ports ?? new Dictionary<string, IList<PortBinding>>())
        {
            var parts = key.Split('/');
            var containerPort = int.Parse(parts[0], CultureInfo.InvariantCulture);
            foreach (var b in bindings ?? [])
            {
                var hostPort = int.TryParse(b.HostPort, CultureInfo.InvariantCulture, out var hp) ? hp : (int?)null;
                var index = ports.FindIndex(p => p.ContainerPort == containerPort && p.HostPort is null && p.HostIp == b.HostIP);
                if (index >= 0)
                {
                    ports[index] = ports[index] with { HostPort = hostPort };
                }
            }
        }

        var summary = new ContainerSummary(
            i.ID,
            i.Name.TrimStart('/'),
            i.Config?.Image ?? i.Image,
            i.State?.Status ?? "",
            row is null ? "" : StatusText.Render(row.Status, row.StatusSince, now),
            row?.Ports ?? "",
            team,
            labels.TryGetValue(PortalLabels.Owner, out var owner) ? owner : null,
            DateTime.SpecifyKind(i.Created, DateTimeKind.Utc),
            null,
            null);

        return new ContainerDetails
        {
            Summary = summary,
            Command = i.Config?.Cmd?.ToList() ?? [],
            Entrypoint = i.Config?.Entrypoint?.ToList() ?? [],
            Env = i.Config?.Env?.ToList() ?? [],
            Mounts = i.Mounts?.Select(m => new MountInfo(m.Type ?? "", m.Name, m.Source ?? "", m.Destination ?? "", m.RW)).ToList() ?? [],
            Networks = i.NetworkSettings?.Networks?.Select(n => new NetworkAttachment(n.Key, n.Value.IPAddress ?? "", n.Value.Aliases?.ToList() ?? [])).ToList() ?? [],
            Ports = ports,
            Labels = labels,
            RestartPolicy = FormatRestart(i.HostConfig?.RestartPolicy),
            MemoryLimit = i.HostConfig?.Memory ?? 0,
            Cpus = (i.HostConfig?.NanoCPUs ?? 0) / 1e9,
            StartedAt = i.State?.StartedAt,
            FinishedAt = i.State?.FinishedAt,
            ExitCode = i.State?.ExitCode ?? 0,
            Error = string.IsNullOrEmpty(i.State?.Error) ? null : i.State.Error,
            Health = i.State?.Health?.Status,
            Hostname = i.Config?.Hostname ?? "",
            WorkingDir = i.Config?.WorkingDir ?? "",
            User = i.Config?.User ?? "",
            Privileged = i.HostConfig?.Privileged ?? false,
            RestartCount = i.RestartCount,
        };
    }

    private static string FormatRestart(RestartPolicy? policy) => policy?.Name switch
    {
        RestartPolicyKind.Always => "always",
        RestartPolicyKind.UnlessStopped => "unless-stopped",
        RestartPolicyKind.OnFailure => policy.MaximumRetryCount > 0
            ? $"on-failure:{policy.MaximumRetryCount.ToString(CultureInfo.InvariantCulture)}"
            : "on-failure",
        _ => "no",
    };
}
