namespace Portal.Engine.Docker;

/// <summary>
/// A transport refused or failed to reach an engine for a reason it could name precisely (a TLS or SSH
/// check, a remote command): the message is the sentence people see, in the status and the UI.
/// </summary>
public sealed class EngineTransportException : IOException
{
    public EngineTransportException()
    {
    }

    public EngineTransportException(string message)
        : base(message)
    {
    }

    public EngineTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
