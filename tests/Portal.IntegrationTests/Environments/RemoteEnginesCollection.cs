using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Environments;

/// <summary>The TLS and SSH engines are started once per run and shared, one test at a time (one test stops and restarts the TLS one).</summary>
[CollectionDefinition(Name)]
public sealed class RemoteEnginesCollection : ICollectionFixture<RemoteEnginesFixture>
{
    public const string Name = "Remote engines";
}
