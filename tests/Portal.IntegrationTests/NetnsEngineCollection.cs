using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests;

/// <summary>Tests that stop, start or need a second engine share one namespaced <c>dockerd</c> per run, one test at a time.</summary>
[CollectionDefinition(Name)]
public sealed class NetnsEngineCollection : ICollectionFixture<NetnsEngineFixture>
{
    public const string Name = "Namespaced engine";
}
