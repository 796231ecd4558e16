using System.Text.Json.Nodes;

namespace Portal.Engine.Tests.Compose;

public sealed class MergeRulesTests
{
    private static JsonObject Web(string baseService, string overrideService)
    {
        static string File(string body) => "services:\n  web:\n" + string.Join("\n", body.Split('\n').Select(l => "    " + l)) + "\n";
        return ComposeTestFiles.LoadFiles(("compose.yaml", File(baseService)), ("compose.override.yaml", File(overrideService))).Ok().Service("web");
    }

    [Fact]
    public void Merge_Scalar_IsReplaced()
    {
        Assert.Equal("b", Web("image: a", "image: b")["image"]!.GetValue<string>());
    }

    [Fact]
    public void Merge_Environment_ListAndMapMergeByKey()
    {
        var web = Web("image: a\nenvironment: [A=1, B=2]", "environment:\n  B: three\n  C: '4'");

        Assert.Equal("""{"A":"1","B":"three","C":"4"}""", web["environment"].Json());
    }

    [Fact]
    public void Merge_Labels_MergeByKey()
    {
        var web = Web("image: a\nlabels: {a: '1', b: '2'}", "labels: [b=3, c=4]");

        Assert.Equal("""{"a":"1","b":"3","c":"4"}""", web["labels"].Json());
    }

    [Fact]
    public void Merge_Ports_AppendedAndDeduplicated()
    {
        var web = Web("image: a\nports: ['8080:80', '9090:90']", "ports: ['8080:80', '7070:70']");

        Assert.Equal(["8080", "9090", "7070"], web["ports"]!.AsArray().Select(p => p!["published"]!.GetValue<string>()));
    }

    [Fact]
    public void Merge_Expose_AndDns_AppendedUnique()
    {
        var web = Web("image: a\nexpose: [80]\ndns: 1.1.1.1", "expose: ['80', 81]\ndns: [8.8.8.8, 1.1.1.1]");

        Assert.Equal("""["80","81"]""", web["expose"].Json());
        Assert.Equal("""["1.1.1.1","8.8.8.8"]""", web["dns"].Json());
    }

    [Fact]
    public void Merge_Volumes_ByTarget()
    {
        var web = Web("image: a\nvolumes: ['./a:/data', './l:/logs']", "volumes: ['./b:/data:ro', '/e:/extra']");

        var volumes = web["volumes"]!.AsArray();
        Assert.Equal(["/data", "/logs", "/extra"], volumes.Select(v => v!["target"]!.GetValue<string>()));
        Assert.Equal("./b", volumes[0]!["source"]!.GetValue<string>());
        Assert.True(volumes[0]!["read_only"]!.GetValue<bool>());
    }

    [Fact]
    public void Merge_Secrets_ByTarget()
    {
        const string Top = "\nsecrets:\n  s1: {file: ./s1}\n  s2: {file: ./s2}\n";
        var doc = ComposeTestFiles.LoadFiles(
            ("compose.yaml", "services:\n  web:\n    image: a\n    secrets: [s1]\n" + Top),
            ("override.yaml", "services:\n  web:\n    secrets:\n      - source: s2\n        target: /run/secrets/s1\n")).Ok();

        Assert.Equal("""[{"source":"s2","target":"/run/secrets/s1"}]""", doc.Service("web")["secrets"].Json());
    }

    [Fact]
    public void Merge_CommandAndEntrypoint_AreReplacedWhole()
    {
        var web = Web("image: a\ncommand: [a, b, c]\nentrypoint: [x, y]", "command: d\nentrypoint: [z]");

        Assert.Equal("""["d"]""", web["command"].Json());
        Assert.Equal("""["z"]""", web["entrypoint"].Json());
    }

    [Fact]
    public void Merge_HealthcheckTest_ReplacedOtherKeysMerged()
    {
        var web = Web("image: a\nhealthcheck: {test: [CMD, a, b], interval: 5s}", "healthcheck: {test: [CMD, c], retries: 3}");

        Assert.Equal("""{"test":["CMD","c"],"interval":"5s","retries":3}""", web["healthcheck"].Json());
    }

    [Fact]
    public void Merge_DependsOn_ListAndMapMergeByService()
    {
        var doc = ComposeTestFiles.LoadFiles(
            ("compose.yaml", "services:\n  db: {image: d}\n  cache: {image: c}\n  web:\n    image: a\n    depends_on: [db]\n"),
            ("override.yaml", "services:\n  web:\n    depends_on:\n      cache: {condition: service_healthy}\n")).Ok();

        Assert.Equal(
            """{"cache":{"condition":"service_healthy","required":true,"restart":false},"db":{"condition":"service_started","required":true,"restart":false}}""",
            doc.Service("web")["depends_on"].Json());
    }

    [Fact]
    public void Merge_Networks_ListAndMapMerge()
    {
        var doc = ComposeTestFiles.LoadFiles(
            ("compose.yaml", "services:\n  web:\n    image: a\n    networks: [front]\nnetworks: {front: {}, back: {}}\n"),
            ("override.yaml", "services:\n  web:\n    networks:\n      back: {aliases: [api]}\n")).Ok();

        Assert.Equal("""{"back":{"aliases":["api"]},"front":null}""", doc.Service("web")["networks"].Json());
    }

    [Fact]
    public void Merge_Build_StringThenObjectMerges()
    {
        var web = Web("build: ./app", "build: {target: prod, args: {V: '1'}}");

        Assert.Equal("""{"context":"./app","target":"prod","args":{"V":"1"},"dockerfile":"Dockerfile"}""", web["build"].Json());
    }

    [Fact]
    public void Merge_Logging_DifferentDriverReplaces_SameDriverMerges()
    {
        var replaced = Web("image: a\nlogging: {driver: json-file, options: {max-size: 1m}}", "logging: {driver: syslog}");
        var merged = Web("image: a\nlogging: {driver: json-file, options: {max-size: 1m}}", "logging: {options: {max-file: '3'}}");

        Assert.Equal("""{"driver":"syslog"}""", replaced["logging"].Json());
        Assert.Equal("""{"driver":"json-file","options":{"max-size":"1m","max-file":"3"}}""", merged["logging"].Json());
    }

    [Fact]
    public void Merge_ExtraHosts_UnionSorted()
    {
        var web = Web("image: a\nextra_hosts: ['b:2.2.2.2']", "extra_hosts: {a: 1.1.1.1}");

        Assert.Equal("""["a=1.1.1.1","b=2.2.2.2"]""", web["extra_hosts"].Json());
    }

    [Fact]
    public void Merge_ResetTag_RemovesKey()
    {
        var web = Web("image: a\nports: ['80:80']\nenvironment: {A: '1'}", "ports: !reset []\nenvironment: !reset {}");

        Assert.Null(web["ports"]);
        Assert.Null(web["environment"]);
    }

    [Fact]
    public void Merge_OverrideTag_ReplacesWithoutMerging()
    {
        var web = Web("image: a\nports: ['80:80']\nenvironment: {A: '1'}", "ports: !override ['90:90']\nenvironment: !override {B: '2'}");

        Assert.Equal(["90"], web["ports"]!.AsArray().Select(p => p!["published"]!.GetValue<string>()));
        Assert.Equal("""{"B":"2"}""", web["environment"].Json());
    }

    [Fact]
    public void Merge_OverrideFileAddsService()
    {
        var doc = ComposeTestFiles.LoadFiles(("compose.yaml", "services:\n  a: {image: a}\n"), ("o.yaml", "services:\n  b: {image: b}\n")).Ok();

        Assert.Equal(["a", "b"], doc["services"]!.AsObject().Select(s => s.Key));
    }

    [Fact]
    public void Merge_TopLevelResources_MergeByKey()
    {
        var doc = ComposeTestFiles.LoadFiles(
            ("compose.yaml", "services:\n  a: {image: a}\nvolumes:\n  data: {driver: local}\n"),
            ("o.yaml", "volumes:\n  data: {labels: {x: y}}\n")).Ok();

        Assert.Equal("""{"driver":"local","labels":{"x":"y"},"name":"demo_data"}""", doc["volumes"]!["data"].Json());
    }
}
