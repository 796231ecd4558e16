using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Portal.Web.Hubs;
using Portal.Web.Security;

namespace Portal.Web.Tests.Security;

public sealed class ReadOnlyHubFilterTests
{
    [Theory]
    [InlineData(nameof(SampleHub.Change), true, false)]
    [InlineData(nameof(SampleHub.Change), false, true)]
    [InlineData(nameof(SampleHub.Watch), true, true)]
    [InlineData(nameof(SampleHub.Watch), false, true)]
    public async Task Invoke_ReadOnlyCallers_OnlyMarkedMethodsRun(string method, bool readOnly, bool runs)
    {
        var filter = new ReadOnlyHubFilter();
        var hub = new SampleHub();
        var context = new HubInvocationContext(new Caller(readOnly), new EmptyServices(), hub, typeof(SampleHub).GetMethod(method)!, []);
        var ran = false;

        // The filter may refuse synchronously or with a faulted task; both must count as a refusal.
        Task Call() => filter.InvokeMethodAsync(context, _ =>
        {
            ran = true;
            return ValueTask.FromResult<object?>(null);
        }).AsTask();

        if (runs)
        {
            await Call();
        }
        else
        {
            var error = await Assert.ThrowsAsync<HubException>(Call);
            Assert.Equal(ReadOnlyGuard.Message, error.Message);
        }

        Assert.Equal(runs, ran);
    }

    public sealed class SampleHub : Hub
    {
        public void Change()
        {
        }

        [AllowReadOnly]
        public void Watch()
        {
        }
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }

    private sealed class Caller(bool readOnly) : HubCallerContext
    {
        public override string ConnectionId => "c1";

        public override string? UserIdentifier => "u1";

        public override ClaimsPrincipal? User { get; } = new(new ClaimsIdentity(
            readOnly ? [new Claim(PortalRoles.ReadOnlyClaim, "true")] : [], "test"));

        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();

        public override IFeatureCollection Features { get; } = new FeatureCollection();

        public override CancellationToken ConnectionAborted => CancellationToken.None;

        public override void Abort()
        {
        }
    }
}
