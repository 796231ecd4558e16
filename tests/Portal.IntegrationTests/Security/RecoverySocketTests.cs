using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Portal.Web.Recovery;
using Xunit;
using AuditRow = Portal.IntegrationTests.Security.TokenApiTests.AuditRow;

namespace Portal.IntegrationTests.Security;

/// <summary>The host administration socket through <c>scripts/portal-admin</c>, as root and as another user.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RecoverySocketTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private string Socket => Path.Combine(fx.Factory.DataFolder, "admin.sock");

    [Fact]
    public async Task Socket_IsOwnerOnly()
    {
        await ListeningAsync();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Socket));
    }

    [Fact]
    public async Task CreateAdmin_AsRoot_NewAdminCanSignIn_AndIsAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        await ListeningAsync();
        var name = "rescue-" + fx.Suffix;

        var (code, output) = await PortalAdminAsync(null, ct, "create-admin", name);

        Assert.Equal(0, code);
        var password = output.Split('\n').Single(l => l.StartsWith("password: ", StringComparison.Ordinal))["password: ".Length..];
        var client = await fx.Factory.ClientForAsync(name, password, ct);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/users", ct)).StatusCode);
        var audit = await AuditAsync($"action=recovery.create-admin&object={name}", ct);
        Assert.Contains(audit, e => e.Actor == "host:uid=0" && e.Outcome == "succeeded" && e.Detail == "created");
        Assert.DoesNotContain(audit, e => (e.Detail ?? "").Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateAdmin_OnDisabledUser_ReEnablesAndPromotes()
    {
        var ct = TestContext.Current.CancellationToken;
        await ListeningAsync();
        var name = "back-" + fx.Suffix;
        await fx.CreateUserAsync(name, "Viewer", fx.TeamA, ct);
        await using (var scope = fx.Factory.Services.CreateAsyncScope())
        {
            var admin = new Portal.Engine.Pipeline.Actor("t", "admin", true, new Dictionary<string, Portal.Data.Entities.TeamRole>());
            await scope.ServiceProvider.GetRequiredService<Portal.Engine.Users.UserOperations>().SetDisabledAsync(admin, name, true, ct);
        }

        var (code, output) = await PortalAdminAsync(null, ct, "create-admin", name);

        Assert.Equal(0, code);
        Assert.Contains("re-enabled, made administrator", output, StringComparison.Ordinal);
        var client = await fx.Factory.ClientForAsync(name, ApiFixture.Password, ct);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/users", ct)).StatusCode);
    }

    [Fact]
    public async Task ResetPassword_GivenOnStdin_OldStopsNewWorks()
    {
        var ct = TestContext.Current.CancellationToken;
        await ListeningAsync();
        var name = "reset-" + fx.Suffix;
        await fx.CreateUserAsync(name, "Viewer", fx.TeamA, ct);

        var (code, output) = await PortalAdminAsync("a-recovered-password\n", ct, "reset-password", name, "--password-stdin");

        Assert.Equal(0, code);
        Assert.DoesNotContain("password: ", output, StringComparison.Ordinal);
        var api = fx.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.PostAsJsonAsync("/api/v1/auth/token", new { username = name, password = ApiFixture.Password }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/api/v1/auth/token", new { username = name, password = "a-recovered-password" }, ct)).StatusCode);
        Assert.Contains(await AuditAsync($"action=recovery.reset-password&object={name}", ct), e => e.Actor == "host:uid=0" && e.Outcome == "succeeded");
    }

    [Fact]
    public async Task DisableTotp_TokenNoLongerNeedsTheCode_AndIsAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        await ListeningAsync();
        var name = "totp-" + fx.Suffix;
        await fx.CreateUserAsync(name, "Viewer", fx.TeamA, ct);
        await using (var scope = fx.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Portal.Data.Entities.PortalUser>>();
            var user = (await users.FindByNameAsync(name))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        var api = fx.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.PostAsJsonAsync("/api/v1/auth/token", new { username = name, password = ApiFixture.Password }, ct)).StatusCode);

        var (code, output) = await PortalAdminAsync(null, ct, "disable-totp", name);

        Assert.Equal(0, code);
        Assert.Contains("is off", output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/api/v1/auth/token", new { username = name, password = ApiFixture.Password }, ct)).StatusCode);
        Assert.Contains(await AuditAsync($"action=recovery.disable-totp&object={name}", ct), e => e.Actor == "host:uid=0" && e.Detail == "turned off");
    }

    [Fact]
    public async Task RevokeTokens_OfOneUser_TheirTokensStop()
    {
        var ct = TestContext.Current.CancellationToken;
        await ListeningAsync();
        var name = "rvk-" + fx.Suffix;
        await fx.CreateUserAsync(name, "Viewer", fx.TeamA, ct);
        var client = await fx.Factory.ClientForAsync(name, ApiFixture.Password, ct);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/containers", ct)).StatusCode);

        var (code, output) = await PortalAdminAsync(null, ct, "revoke-tokens", name);

        Assert.Equal(0, code);
        Assert.Contains("Revoked 1 tokens", output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/containers", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fx.AsViewerA.GetAsync("/api/v1/containers", ct)).StatusCode);
        Assert.Contains(await AuditAsync($"action=recovery.revoke-tokens&object={name}", ct), e => e.Actor == "host:uid=0" && e.Detail == "1 tokens revoked");
    }

    [Fact]
    public async Task UnknownUser_FailsWithMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        await ListeningAsync();

        var (code, output) = await PortalAdminAsync(null, ct, "reset-password", "no-such-" + fx.Suffix);

        Assert.Equal(1, code);
        Assert.Contains("No user named", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherUid_RefusedByModeAndByPeerCredentials_AndAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        await ListeningAsync();
        Assert.True(Environment.UserName == "root" || Environment.GetEnvironmentVariable("CI") != "true", "The tests run as root in CI.");
        Assert.SkipUnless(Environment.UserName == "root", "Switching to uid 65534 needs root.");

        var (deniedCode, denied) = await PortalAdminAsync(null, ct, 65534, "revoke-tokens");
        // With the file opened to everyone, only the kernel's peer credentials stand in the way.
        // The folders above it must be passable too, or the connect fails before the server sees the caller.
        var opened = new List<(string Dir, UnixFileMode Mode)>();
        for (var dir = Path.GetDirectoryName(Socket); dir is not null && dir != "/"; dir = Path.GetDirectoryName(dir))
        {
            var mode = File.GetUnixFileMode(dir);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
            {
                opened.Add((dir, mode));
                File.SetUnixFileMode(dir, mode | UnixFileMode.OtherExecute);
            }
        }

        File.SetUnixFileMode(Socket, (UnixFileMode)0b110_110_110);
        (int Code, string Output) refused;
        try
        {
            refused = await PortalAdminAsync(null, ct, 65534, "revoke-tokens");
        }
        finally
        {
            File.SetUnixFileMode(Socket, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            foreach (var (dir, mode) in opened)
            {
                File.SetUnixFileMode(dir, mode);
            }
        }

        Assert.Equal(3, deniedCode);
        Assert.Contains("Permission denied", denied, StringComparison.Ordinal);
        Assert.True(refused.Code == 1, $"exit {refused.Code}: {refused.Output}");
        Assert.Contains("Refused: uid 65534", refused.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await fx.AsViewerA.GetAsync("/api/v1/containers", ct)).StatusCode);
        Assert.Contains(await AuditAsync("action=recovery.connect", ct), e => e.Actor == "host:uid=65534" && e.Outcome == "forbidden");
    }

    private async Task ListeningAsync() =>
        await fx.Factory.Services.GetRequiredService<AdminSocketService>().Listening.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

    private async Task<List<AuditRow>> AuditAsync(string query, CancellationToken ct) =>
        (await fx.Admin.GetFromJsonAsync<List<AuditRow>>("/api/v1/admin/audit?take=1000&" + query, s_json, ct))!;

    private Task<(int Code, string Output)> PortalAdminAsync(string? stdin, CancellationToken ct, params string[] args) =>
        PortalAdminAsync(stdin, ct, null, args);

    /// <summary>Runs <c>scripts/portal-admin</c>, as another uid through <c>setpriv</c> when <paramref name="uid"/> is set.</summary>
    private async Task<(int Code, string Output)> PortalAdminAsync(string? stdin, CancellationToken ct, int? uid, params string[] args)
    {
        var script = Path.Combine(RepositoryPaths.Root(), "scripts", "portal-admin");
        var start = new ProcessStartInfo(uid is null ? "bash" : "setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        if (uid is { } id)
        {
            foreach (var a in new[] { $"--reuid={id}", $"--regid={id}", "--clear-groups", "--", "/usr/bin/env", "PATH=/usr/bin:/bin", "bash" })
            {
                start.ArgumentList.Add(a);
            }
        }

        start.ArgumentList.Add(script);
        start.ArgumentList.Add("--socket");
        start.ArgumentList.Add(Socket);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
