using Portal.Engine.Images.Build;
using Portal.Web.Model;

namespace Portal.Web.Tests.Model;

public sealed class BuildApiUrlTests
{
    [Fact]
    public void For_EveryOption_EscapedInTheQuery()
    {
        var request = new ImageBuildRequest
        {
            Tags = ["team/app:1", "team/app:latest"],
            BuildArgs = new Dictionary<string, string> { ["A"] = "x y&z" },
            Labels = new Dictionary<string, string> { ["k"] = "v" },
            Target = " final ",
            Dockerfile = "docker/Build file",
            NoCache = true,
            Pull = true,
            NetworkMode = "none",
            Team = "team",
        };

        var url = BuildApiUrl.For(request);

        Assert.Equal("api/v1/images/build?tag=team%2Fapp%3A1&tag=team%2Fapp%3Alatest&buildArg=A%3Dx%20y%26z&label=k%3Dv"
            + "&target=final&dockerfile=docker%2FBuild%20file&networkMode=none&team=team&noCache=true&pull=true", url);
    }

    [Fact]
    public void For_NoOptions_JustThePath() => Assert.Equal("api/v1/images/build", BuildApiUrl.For(new ImageBuildRequest()));
}
