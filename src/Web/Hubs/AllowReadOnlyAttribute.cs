namespace Portal.Web.Hubs;

/// <summary>Marks a hub method (or, as endpoint metadata, a non-GET endpoint) that only reads, so read-only tokens may call it; all others are refused.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class AllowReadOnlyAttribute : Attribute;
