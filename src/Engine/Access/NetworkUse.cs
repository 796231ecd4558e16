namespace Portal.Engine.Access;

/// <summary>What an actor wants to do with a network; access differs for each.</summary>
public enum NetworkUse
{
    /// <summary>List, inspect.</summary>
    Read,

    /// <summary>Remove, or anything else that changes the network itself.</summary>
    Change,

    /// <summary>Connect a container to it (run, connect).</summary>
    Attach,
}
