using CsCheck;
using Portal.Engine.Compose.Loading;
using Portal.Engine.Tests.Compose;

namespace Portal.Engine.Tests.Properties;

/// <summary>
/// The compose loader, interpolation and the <c>.env</c> parser under random and mutated input:
/// they answer with located errors or a result, never another exception, never a hang, never an
/// output that grows beyond what the input can explain.
/// </summary>
public sealed class ComposeProperties
{
    private const string Valid = """
        name: demo
        services:
          web:
            image: "busybox:${TAG:-1.36}"
            command: ["sh", "-c", "echo $$HOME"]
            ports: ["127.0.0.1:8080:80", "9000-9001:9000-9001/udp"]
            environment:
              A: "${A:?a is required}"
              B: ${B-default}
            volumes: ["data:/data:ro", "./src:/src"]
            depends_on:
              db: { condition: service_healthy }
            deploy: { resources: { limits: { memory: 64M, cpus: "0.5" } } }
            profiles: [web]
          db:
            image: busybox
            healthcheck: { test: ["CMD", "true"], interval: 1s }
            extends: { service: base }
          base:
            image: busybox
            labels: [ "x=1", "y=${Y:+set}" ]
        volumes:
          data: { labels: { a: b } }
        networks:
          default: { name: demo_default }
        """;

    private static readonly Dictionary<string, string> s_variables = new(StringComparer.Ordinal) { ["A"] = "a", ["TAG"] = "1.36", ["Y"] = "y" };

    [Fact]
    public void Loader_MutatedDocuments_AnswerWithResultOrLocatedErrors()
    {
        Mutations.Of(Valid, "services: {}", "name: x\nservices:\n  a:\n    image: b\n    <<: *x\n").Sample(yaml =>
        {
            var result = ComposeTestFiles.Load(yaml, variables: s_variables);

            Assert.True(result.Succeeded || result.Errors.Count > 0);
            Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        }, iter: 400);
    }

    [Fact]
    public void Loader_AliasBombs_AreRefusedQuickly()
    {
        // A billion-laughs document: each level doubles the one before through aliases.
        var levels = string.Join("\n", Enumerable.Range(1, 30).Select(i => $"x{i}: &x{i} [*x{i - 1}, *x{i - 1}]"));
        var yaml = $"x0: &x0 [a, a]\n{levels}\nservices:\n  a:\n    image: busybox\n    labels: *x30\n";
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = ComposeTestFiles.Load(yaml);

        Assert.False(result.Succeeded);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Interpolation_RandomTemplates_SubstituteOrRefuse_WithBoundedOutput()
    {
        var template = Gen.OneOf(Mutations.Of("${A:-x}$B${C?err}$$${D:+${A}}", "pre${A}post", "$${X}"), Gen.String[Gen.Char["${}:-?+AB$x "], 0, 40]);
        template.Sample(text =>
        {
            try
            {
                var output = VariableTemplate.Substitute(text, name => s_variables.GetValueOrDefault(name));
                // Each character of the template yields at most one variable value.
                Assert.True(output.Length <= text.Length * (1 + s_variables.Values.Max(v => v.Length)), $"'{text}' became {output.Length} characters");
            }
            catch (TemplateException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            }
        }, iter: 2000);
    }

    [Fact]
    public void DotEnv_RandomText_ParsesOrRefusesWithALine()
    {
        var text = Gen.OneOf(
            Mutations.Of("A=1\nB=\"two ${A}\"\nexport C='3'\n# comment\nD\nE=\"multi\nline\"\n", "K=${UNSET:-d}\n"),
            Gen.String[Gen.Char["AB=\"'\n#$ {}\\x"], 0, 60]);
        text.Sample(env =>
        {
            try
            {
                var parsed = DotEnvParser.Parse(env, name => s_variables.GetValueOrDefault(name));
                Assert.All(parsed, p => Assert.False(string.IsNullOrEmpty(p.Key)));
                Assert.True(parsed.Sum(p => p.Value.Length) <= (env.Length + 1) * (1 + s_variables.Values.Max(v => v.Length)));
            }
            catch (DotEnvException ex)
            {
                Assert.InRange(ex.Line, 1, env.Count(c => c == '\n') + 1);
            }
        }, iter: 2000);
    }
}
