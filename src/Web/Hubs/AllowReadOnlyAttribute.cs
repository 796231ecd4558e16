namespace Portal.Web.Hubs;

/// <summary>Marks a hub method that only reads, so read-only tokens may call it (all others are refused).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AllowReadOnlyAttribute : Attribute;
