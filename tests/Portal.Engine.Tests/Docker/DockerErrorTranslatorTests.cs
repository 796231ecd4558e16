using System.Net;
using System.Net.Sockets;
using Docker.DotNet;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Docker;

public sealed class DockerErrorTranslatorTests
{
    private const string Endpoint = "unix:///var/run/docker.sock";

    [Theory]
    [InlineData(HttpStatusCode.NotFound, """{"message":"No such container: web"}""", OperationOutcome.NotFound, "No such container: web.")]
    [InlineData(HttpStatusCode.Conflict, """{"message":"Conflict. The container name \"/web\" is already in use by container \"abc\"."}""", OperationOutcome.Conflict, "Conflict. The container name \"/web\" is already in use by container \"abc\".")]
    [InlineData(HttpStatusCode.BadRequest, """{"message":"invalid reference format"}""", OperationOutcome.Invalid, "Invalid reference format.")]
    [InlineData(HttpStatusCode.Forbidden, """{"message":"forbidden"}""", OperationOutcome.Forbidden, "Forbidden.")]
    [InlineData(HttpStatusCode.InternalServerError, """{"message":"driver failed"}""", OperationOutcome.EngineError, "Driver failed.")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "plain text body", OperationOutcome.EngineError, "Plain text body.")]
    [InlineData(HttpStatusCode.InternalServerError, "{not json", OperationOutcome.EngineError, "{not json.")]
    [InlineData(HttpStatusCode.InternalServerError, "", OperationOutcome.EngineError, "InternalServerError.")]
    [InlineData(HttpStatusCode.InternalServerError, """{"message":""}""", OperationOutcome.EngineError, "{\"message\":\"\"}.")]
    public void Translate_ApiStatus_MapsOutcomeAndMessage(HttpStatusCode status, string body, OperationOutcome outcome, string message)
    {
        var api = new DockerApiException(status, body);

        var failure = DockerErrorTranslator.Translate(api, Endpoint);

        Assert.NotNull(failure);
        Assert.Equal(outcome, failure.Outcome);
        Assert.Equal(message, failure.Message);
        Assert.Same(api, failure.InnerException);
    }

    [Theory]
    [InlineData("""{"message":"driver failed programming external connectivity on endpoint web (abc): Bind for 127.0.0.1:8080 failed: port is already allocated"}""")]
    [InlineData("""{"message":"Error starting userland proxy: listen tcp4 127.0.0.1:8080: bind: address already in use"}""")]
    public void Translate_ServerErrorPortTaken_ConflictExplained(string body)
    {
        var failure = DockerErrorTranslator.Translate(new DockerApiException(HttpStatusCode.InternalServerError, body), Endpoint);

        Assert.NotNull(failure);
        Assert.Equal(OperationOutcome.Conflict, failure.Outcome);
        Assert.StartsWith("A published host port is already in use", failure.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:8080", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_ServerErrorNameInUse_Conflict()
    {
        var failure = DockerErrorTranslator.Translate(new DockerApiException(HttpStatusCode.InternalServerError, """{"message":"network web is already in use"}"""), Endpoint);

        Assert.Equal(OperationOutcome.Conflict, failure?.Outcome);
    }

    [Fact]
    public void Translate_ContainerNotFoundSubclass_NotFound()
    {
        var failure = DockerErrorTranslator.Translate(new DockerContainerNotFoundException(HttpStatusCode.NotFound, """{"message":"No such container: x"}"""), Endpoint);

        Assert.Equal(OperationOutcome.NotFound, failure?.Outcome);
    }

    [Fact]
    public void Translate_PortalFailure_ReturnedUnchanged()
    {
        var original = OperationFailedException.Conflict("already");

        Assert.Same(original, DockerErrorTranslator.Translate(original, Endpoint));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("socket")]
    [InlineData("io")]
    [InlineData("timeout")]
    public void Translate_TransportFailure_EngineUnavailableNamingEndpoint(string kind)
    {
        Exception ex = kind switch
        {
            "http" => new HttpRequestException("boom", new SocketException((int)SocketError.ConnectionRefused)),
            "socket" => new SocketException((int)SocketError.ConnectionRefused),
            "io" => new IOException("broken pipe"),
            _ => new TimeoutException(),
        };

        var failure = DockerErrorTranslator.Translate(ex, Endpoint);

        Assert.NotNull(failure);
        Assert.Equal(OperationOutcome.EngineUnavailable, failure.Outcome);
        Assert.Contains(Endpoint, failure.Message, StringComparison.Ordinal);
        Assert.Same(ex, failure.InnerException);
    }

    [Fact]
    public void Translate_UnrelatedException_Null()
    {
        Assert.Null(DockerErrorTranslator.Translate(new InvalidOperationException("bug"), Endpoint));
    }

    [Theory]
    [InlineData("""{"message":"No such image: x:latest"}""", "No such image: x:latest")]
    [InlineData("""  {"message":"padded"}  """, "padded")]
    [InlineData("""{"other":"field"}""", """{"other":"field"}""")]
    [InlineData("raw", "raw")]
    public void EngineMessage_Body_DaemonMessage(string body, string expected)
    {
        Assert.Equal(expected, DockerErrorTranslator.EngineMessage(new DockerApiException(HttpStatusCode.BadRequest, body)));
    }
}
