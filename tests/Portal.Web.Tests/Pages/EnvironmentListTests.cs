using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Web.Components.Pages.Admin;

namespace Portal.Web.Tests.Pages;

/// <summary>The environments admin page over the real operations and store: the dialog's fields follow the kind; keys never reach the page.</summary>
public sealed class EnvironmentListTests : PortalTestContext
{
    private async Task SeedAsync(string name, EnvironmentKind kind, string uri, string? keyCipher = null)
    {
        await Services.GetRequiredService<EndpointStore>().AddAsync(new EngineEndpoint
        {
            Name = name, Kind = kind, Uri = uri, Labels = "prod,eu",
            TlsClientKeyCipher = kind == EnvironmentKind.TcpTls ? keyCipher : null,
            SshPrivateKeyCipher = kind == EnvironmentKind.Ssh ? keyCipher : null,
        }, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task EditDialog_ShowsTheFieldsOfTheKind_AndNeverAKey()
    {
        await SignInAsync("root", admin: true);
        var protector = Services.GetRequiredService<Portal.Engine.Registries.ISecretProtector>();
        await SeedAsync("tls-env", EnvironmentKind.TcpTls, "tcp://10.0.0.5:2376", protector.Protect("tls-key-never-shown"));
        await SeedAsync("ssh-env", EnvironmentKind.Ssh, "ssh://docker@10.0.0.6", protector.Protect("ssh-key-never-shown"));
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<EnvironmentList>();
        cut.WaitForAssertion(() => Assert.Contains("tcp://10.0.0.5:2376", cut.Find("[data-testid=environments-table]").TextContent, StringComparison.Ordinal));
        Assert.Contains("prod", cut.Markup, StringComparison.Ordinal);

        cut.Find("[data-testid=edit-environment-tls-env]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=env-tls-fields]"));
        Assert.Empty(dialogs.FindAll("[data-testid=env-ssh-fields]"));
        Assert.NotNull(dialogs.Find("#env-tls-key"));
        Assert.Contains("A key is stored", dialogs.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("tls-key-never-shown", dialogs.Markup, StringComparison.Ordinal);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=env-tls-fields]")));

        cut.Find("[data-testid=edit-environment-ssh-env]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=env-ssh-fields]"));
        Assert.Empty(dialogs.FindAll("[data-testid=env-tls-fields]"));
        Assert.NotNull(dialogs.Find("#env-ssh-fingerprint"));
        Assert.DoesNotContain("ssh-key-never-shown", dialogs.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateDialog_Socket_HasNoKeyFields_ShowsRefusalAndTestResult_ThenCreates()
    {
        await SignInAsync("root", admin: true);
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<EnvironmentList>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=create-environment]"));

        cut.Find("[data-testid=create-environment]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#env-name"));
        Assert.Empty(dialogs.FindAll("[data-testid=env-tls-fields]"));
        Assert.Empty(dialogs.FindAll("[data-testid=env-ssh-fields]"));
        dialogs.Find("#env-name").Change("second");
        dialogs.Find("#env-uri").Change("tcp://10.0.0.5:2376");
        dialogs.Find("[data-testid=env-save]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("unix:///", dialogs.Find("[data-testid=dialog-error]").TextContent, StringComparison.Ordinal));

        dialogs.Find("#env-uri").Change("unix:///nonexistent/second.sock");
        dialogs.Find("[data-testid=env-test]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Not reachable", dialogs.Find("[data-testid=env-probe]").TextContent, StringComparison.Ordinal));
        dialogs.Find("[data-testid=env-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("unix:///nonexistent/second.sock", cut.Find("[data-testid=environments-table]").TextContent, StringComparison.Ordinal));
        Assert.True(Services.GetRequiredService<Engines>().TryGet("second", out _));
    }
}
