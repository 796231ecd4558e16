namespace Portal.Engine.Overview;

/// <summary>
/// What an engine said about its host when Portal last connected: fetched once per connect and kept with the
/// status, so an overview never asks the engine while it renders (and shows the last known facts while it is down).
/// </summary>
/// <param name="Cpus">CPUs the engine reports.</param>
/// <param name="MemoryTotal">The engine host's memory in bytes.</param>
/// <param name="DataRoot">The engine's data root (DockerRootDir).</param>
/// <param name="EngineVersion">Engine version at that connect.</param>
/// <param name="ApiVersion">API version Portal negotiated at that connect.</param>
/// <param name="FetchedAt">When the facts were read (UTC).</param>
public sealed record EngineFacts(int Cpus, long MemoryTotal, string DataRoot, string EngineVersion, string ApiVersion, DateTime FetchedAt);
