using Portal.Engine.Compose.Loading;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Compose.Execution;

/// <summary>Who runs a project, for which team, and where its files live (for labels and secret/config sources).</summary>
/// <param name="Actor">The person the engine calls are made for.</param>
/// <param name="Team">Owning team stamped on every object; null only for an admin's unowned stack.</param>
/// <param name="WorkingDir">Value of <c>com.docker.compose.project.working_dir</c>.</param>
/// <param name="ConfigFiles">Value of <c>com.docker.compose.project.config_files</c> (joined with commas).</param>
/// <param name="Files">Reads secret and config file sources; null when the project has none to read.</param>
public sealed record ComposeRunContext(Actor Actor, string? Team, string WorkingDir, IReadOnlyList<string> ConfigFiles, IComposeFileSource? Files);
