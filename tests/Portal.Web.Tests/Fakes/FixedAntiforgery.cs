using Microsoft.AspNetCore.Components.Forms;

namespace Portal.Web.Tests.Fakes;

/// <summary>A fixed antiforgery token, so pages with plain form posts render their hidden field.</summary>
public sealed class FixedAntiforgery : AntiforgeryStateProvider
{
    public override AntiforgeryRequestToken? GetAntiforgeryToken() => new("test-token", "__RequestVerificationToken");
}
