using Portal.Engine.Resources;

namespace Portal.Engine.Tests.Resources;

/// <summary>Portal finds the container it runs in from its own mount table (any cgroup set-up), else its cgroups.</summary>
public sealed class OwnContainerTests
{
    private const string Id = "8e25c3ace495dd5aed4c7e0d0579d17fb64fcb099fb2076a8ba0ae837f3fd51f";
    private const string Other = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void FromMountInfo_InAContainer_IsTheIdOfTheBindMountedHostname()
    {
        // Lines as /proc/self/mountinfo shows them inside a container of the engine here (20.10, overlay2, ext4).
        string[] lines =
        [
            "77 53 0:47 / / rw,relatime master:30 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/X:/var/lib/docker/overlay2/l/Y,upperdir=/var/lib/docker/overlay2/Z/diff",
            $"95 77 254:0 /var/lib/docker/containers/{Id}/resolv.conf /etc/resolv.conf rw,relatime - ext4 /dev/vda rw,discard",
            $"96 77 254:0 /var/lib/docker/containers/{Id}/hostname /etc/hostname rw,relatime - ext4 /dev/vda rw,discard",
            "98 77 254:0 /var/lib/docker/volumes/data/_data /data rw,relatime master:1 - ext4 /dev/vda rw,discard",
        ];

        Assert.Equal(Id, OwnContainer.FromMountInfo(lines));
    }

    [Fact]
    public void FromMountInfo_OnTheHost_IsNullThoughOtherContainersShmMountsAreListed()
    {
        string[] lines =
        [
            "26 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw,discard",
            $"312 26 0:58 / /var/lib/docker/containers/{Other}/mounts/shm rw,nosuid,nodev,noexec,relatime shared:160 - tmpfs shm rw,size=65536k",
            $"313 26 254:0 /var/lib/docker/containers/{Other}/hostname /var/lib/docker/containers/{Other}/hostname rw - ext4 /dev/vda rw",
        ];

        Assert.Null(OwnContainer.FromMountInfo(lines));
    }

    [Theory]
    [InlineData("12:pids:/docker/" + Id)]
    [InlineData("0::/system.slice/docker-" + Id + ".scope")]
    public void FromCgroup_DockerCgroup_IsTheId(string line) =>
        Assert.Equal(Id, OwnContainer.FromCgroup(["1:name=systemd:/", line]));

    [Fact]
    public void FromCgroup_HostOrPrivateNamespace_IsNull() =>
        Assert.Null(OwnContainer.FromCgroup(["0::/", "9:name=systemd:/", "7:blkio:/user.slice"]));
}
