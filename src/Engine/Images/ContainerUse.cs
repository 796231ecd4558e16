namespace Portal.Engine.Images;

/// <summary>A container that uses an image, with what the actor may know and do about it.</summary>
public sealed record ContainerUse(string Id, string Name, string ImageId, bool Visible, bool Operable);
