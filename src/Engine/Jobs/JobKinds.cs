namespace Portal.Engine.Jobs;

/// <summary>
/// The kinds of job. Image kinds keep the short names the first image routes used ("pull", "push",
/// "build"); stack actions are <c>stack.&lt;action&gt;</c>. Kinds to come (environment sync, Swarm
/// rollouts) add a name here and an adapter that reports into <see cref="Job"/>; the registry,
/// visibility, retention, watch and cancel need nothing new.
/// </summary>
public static class JobKinds
{
    /// <summary><c>docker pull</c>.</summary>
    public const string Pull = "pull";

    /// <summary><c>docker push</c> (after tagging for the target).</summary>
    public const string Push = "push";

    /// <summary><c>docker build</c>.</summary>
    public const string Build = "build";

    /// <summary>Prefix of the stack actions: <c>stack.up</c>, <c>stack.down</c>, <c>stack.pull</c>, <c>stack.build</c>, …</summary>
    public const string StackPrefix = "stack.";

    /// <summary>The kind of stack action <paramref name="action"/> ("up" → "stack.up").</summary>
    public static string Stack(string action) => StackPrefix + action;

    /// <summary>True for pull, push and build.</summary>
    public static bool IsImage(string kind) => kind is Pull or Push or Build;

    /// <summary>True for the stack actions.</summary>
    public static bool IsStack(string kind) => kind.StartsWith(StackPrefix, StringComparison.Ordinal);

    /// <summary>The stack action of a stack kind ("stack.up" → "up"); the kind itself otherwise.</summary>
    public static string StackAction(string kind) => IsStack(kind) ? kind[StackPrefix.Length..] : kind;
}
