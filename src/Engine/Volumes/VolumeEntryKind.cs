namespace Portal.Engine.Volumes;

public enum VolumeEntryKind
{
    File,
    Directory,
    Link,
    Other,
}
