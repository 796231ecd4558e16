namespace Portal.Web.Api;

/// <summary>
/// Endpoint metadata: the largest request body the endpoint reads, from the services (options);
/// null means the endpoint streams its body and enforces its own limit.
/// </summary>
public sealed class RequestBodyLimit(Func<IServiceProvider, long?> bytes)
{
    public long? BytesFor(IServiceProvider services) => bytes(services);
}
