namespace Portal.Engine.Registries;

/// <summary>Result of "test connection": whether <c>/v2/</c> answered with the stored login, and a sentence saying so.</summary>
public sealed record RegistryTestResult(bool Ok, string Status, string Message);
