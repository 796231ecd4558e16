using Portal.Engine.Admission;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Pipeline;
using Portal.Engine.Quotas;

namespace Portal.Engine.Tests.Admission;

public sealed class QuotaAndSecretsTests
{
    private const long MiB = 1024 * 1024;

    [Theory]
    [InlineData(2, 3, 1, true)]
    [InlineData(3, 3, 1, false)]
    [InlineData(2, 3, 2, false)]
    [InlineData(5, 3, 0, true)]
    public void Containers_AtLimitPasses_OverLimitRefused(int used, int max, int adding, bool allowed)
    {
        var ex = Record.Exception(() => QuotaGuard.Check("alpha", new QuotaLimits(max, null, null, null), new TeamUsage(used, 0, 0, 0, 0), new QuotaDemand(adding, 0, 0, 0)));

        Assert.Equal(allowed, ex is null);
        if (ex is OperationFailedException failure)
        {
            Assert.Equal("team-quota", failure.Rule);
            Assert.Contains($"uses {used} of {max} containers", failure.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(256, 512, 256, true)]
    [InlineData(256, 512, 257, false)]
    public void Memory_SumOfRunningLimits_ComparedWithQuota(long usedMiB, long maxMiB, long addingMiB, bool allowed)
    {
        var ex = Record.Exception(() => QuotaGuard.Check("alpha", new QuotaLimits(null, maxMiB * MiB, null, null),
            new TeamUsage(1, 1, usedMiB * MiB, 0, 0), new QuotaDemand(1, addingMiB * MiB, 0, 0)));

        Assert.Equal(allowed, ex is null);
        if (ex is not null)
        {
            Assert.Contains($"uses {usedMiB} MiB of {maxMiB} MiB memory", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Memory_QuotaSetAndContainerUnlimited_RefusedAsking_ForALimit()
    {
        var demand = QuotaGuard.DemandOf([new ContainerSpec { Image = "busybox" }], 0);

        var ex = Assert.Throws<OperationFailedException>(() => QuotaGuard.Check("alpha", new QuotaLimits(null, 512 * MiB, null, null), new TeamUsage(0, 0, 0, 0, 0), demand));

        Assert.Contains("needs a memory limit", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1_000_000_000, 2_000_000_000, 1_000_000_000, true)]
    [InlineData(1_500_000_000, 2_000_000_000, 1_000_000_000, false)]
    public void Cpus_SumOfRunningLimits_ComparedWithQuota(long used, long max, long adding, bool allowed)
    {
        var ex = Record.Exception(() => QuotaGuard.Check("alpha", new QuotaLimits(null, null, max, null), new TeamUsage(1, 1, 0, used, 0), new QuotaDemand(1, 0, adding, 0)));

        Assert.Equal(allowed, ex is null);
    }

    [Theory]
    [InlineData(1, 2, 1, true)]
    [InlineData(2, 2, 1, false)]
    public void Volumes_AtLimitPasses_OverLimitRefused(int used, int max, int adding, bool allowed)
    {
        var ex = Record.Exception(() => QuotaGuard.Check("alpha", new QuotaLimits(null, null, null, max), new TeamUsage(0, 0, 0, 0, used), new QuotaDemand(0, 0, 0, adding)));

        Assert.Equal(allowed, ex is null);
    }

    [Fact]
    public void DemandOf_ComposeServices_SumsEverySpec()
    {
        var specs = new[]
        {
            new ContainerSpec { Image = "a", MemoryBytes = 64 * MiB, NanoCpus = 500_000_000 },
            new ContainerSpec { Image = "b", MemoryBytes = 32 * MiB, NanoCpus = 250_000_000 },
        };

        Assert.Equal(new QuotaDemand(2, 96 * MiB, 750_000_000, 1), QuotaGuard.DemandOf(specs, 1));
    }

    [Theory]
    [InlineData("DB_PASSWORD=hunter2", "DB_PASSWORD=••••••")]
    [InlineData("api_token=abc", "api_token=••••••")]
    [InlineData("AWS_SECRET_ACCESS_KEY=x=y", "AWS_SECRET_ACCESS_KEY=••••••")]
    [InlineData("SSH_PRIVATE=k", "SSH_PRIVATE=••••••")]
    [InlineData("PATH=/bin", "PATH=/bin")]
    [InlineData("HOME=/root", "HOME=/root")]
    [InlineData("EMPTY", "EMPTY")]
    public void SecretEnvironment_SecretLookingNames_Masked(string entry, string expected)
    {
        Assert.Equal([expected], SecretEnvironment.MaskValues([entry]));
    }

    [Fact]
    public void Actor_EnvironmentPermission_PerTeamAdminsAlways()
    {
        var actor = new Actor("u", "u", false, new Dictionary<string, TeamRole> { ["a"] = TeamRole.Operator, ["b"] = TeamRole.Viewer },
            EnvironmentTeams: new HashSet<string> { "b" });

        Assert.False(actor.MaySeeEnvironment("a"));
        Assert.True(actor.MaySeeEnvironment("b"));
        Assert.False(actor.MaySeeEnvironment("c"));
        Assert.False(actor.MaySeeEnvironment(null));
        Assert.True(new Actor("x", "x", true, new Dictionary<string, TeamRole>()).MaySeeEnvironment(null));
    }
}
