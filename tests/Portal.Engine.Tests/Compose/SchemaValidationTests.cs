namespace Portal.Engine.Tests.Compose;

public sealed class SchemaValidationTests
{
    [Fact]
    public void Schema_UnknownServiceKey_PointsAtTheKey()
    {
        var error = ComposeTestFiles.Load("services:\n  web:\n    image: nginx\n    imagee: typo\n").SingleError();

        Assert.Equal("compose.yaml:4:5: services.web.imagee: additional property imagee is not allowed", error.ToString());
    }

    [Fact]
    public void Schema_UnknownTopLevelKey_PointsAtTheKey()
    {
        var error = ComposeTestFiles.Load("services:\n  web: {image: x}\nservice:\n  oops: {}\n").SingleError();

        Assert.Equal(("compose.yaml", 3, 1, "service"), (error.File, error.Line, error.Column, error.Path));
    }

    [Fact]
    public void Schema_WrongType_PointsAtTheValue()
    {
        var error = ComposeTestFiles.Load("services:\n  web:\n    image: x\n    restart: 5\n").SingleError();

        Assert.Equal((4, 14, "services.web.restart"), (error.Line, error.Column, error.Path));
        Assert.Contains("string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_WrongItemInList_NamesTheIndex()
    {
        var error = ComposeTestFiles.Load("""
            services:
              web:
                image: x
                ports:
                  - "8080:80"
                  - [1, 2]
            """).SingleError();

        Assert.Equal((6, 9, "services.web.ports[1]"), (error.Line, error.Column, error.Path));
    }

    [Fact]
    public void Schema_BadEnumValue_IsLocated()
    {
        var error = ComposeTestFiles.Load("""
            services:
              db: {image: d}
              web:
                image: x
                depends_on:
                  db: {condition: whenever}
            """).SingleError();

        Assert.Equal((6, 23, "services.web.depends_on.db.condition"), (error.Line, error.Column, error.Path));
        Assert.Equal("\"whenever\" is not one of the allowed values", error.Message);
    }

    [Theory]
    [InlineData("[{target: http}]")]
    [InlineData("[{target: 70000}]")]
    public void LongPort_BadTarget_IsLocated(string ports)
    {
        var error = ComposeTestFiles.Load("services:\n  web:\n    image: x\n    ports: " + ports + "\n").SingleError();

        Assert.Equal((4, 22, "services.web.ports[0].target"), (error.Line, error.Column, error.Path));
    }

    [Fact]
    public void Schema_ErrorInOverrideFile_NamesThatFile()
    {
        var result = ComposeTestFiles.LoadFiles(
            ("compose.yaml", "services:\n  web: {image: x}\n"),
            ("compose.prod.yaml", "services:\n  web:\n    replicas: 3\n"));

        var error = result.SingleError();
        Assert.Equal(("compose.prod.yaml", 3, 5, "services.web.replicas"), (error.File, error.Line, error.Column, error.Path));
    }

    [Fact]
    public void Schema_ErrorsInSeveralFiles_AreAllReported()
    {
        var result = ComposeTestFiles.LoadFiles(
            ("a.yaml", "services:\n  web: {image: x, bogus: 1}\n"),
            ("b.yaml", "services:\n  web: {other: 2}\n"));

        Assert.Equal(["a.yaml:2:19", "b.yaml:2:9"], result.Errors.Select(e => $"{e.File}:{e.Line}:{e.Column}"));
    }

    [Fact]
    public void Schema_ValidatesInterpolatedValues()
    {
        var error = ComposeTestFiles.Load("services:\n  web:\n    image: x\n    privileged: ${PRIV}\n",
            variables: new Dictionary<string, string> { ["PRIV"] = "maybe" }).SingleError();

        Assert.Equal("services.web.privileged", error.Path);
    }

    [Fact]
    public void Schema_ExtensionKeys_AreAllowedEverywhere()
    {
        ComposeTestFiles.Load("x-top: 1\nservices:\n  web:\n    image: x\n    x-anything: {a: b}\nnetworks:\n  n:\n    x-note: 1\n").Ok();
    }

    [Fact]
    public void Schema_FullValidService_Passes()
    {
        var doc = ComposeTestFiles.Load("""
            services:
              web:
                image: nginx:1.27
                container_name: web1
                hostname: web
                user: "1000:1000"
                working_dir: /app
                init: true
                read_only: true
                stop_signal: SIGTERM
                stop_grace_period: 20s
                restart: unless-stopped
                cap_add: [NET_ADMIN]
                cap_drop: [ALL]
                ulimits: {nofile: {soft: 1024, hard: 2048}, nproc: 512}
                tmpfs: [/run]
                logging: {driver: json-file, options: {max-size: 10m}}
                healthcheck: {test: [CMD, "true"], interval: 5s, timeout: 2s, retries: 3, start_period: 1s}
                deploy: {resources: {limits: {cpus: "0.5", memory: 128m}, reservations: {memory: 64m}}}
                networks:
                  front: {aliases: [www], ipv4_address: 172.28.0.10}
            networks:
              front:
                driver: bridge
                ipam: {config: [{subnet: 172.28.0.0/16}]}
            """).Ok();

        Assert.Equal("""{"nofile":{"soft":1024,"hard":2048},"nproc":512}""", doc.Service("web")["ulimits"].Json());
    }
}
