namespace Portal.Engine.Tests.Compose;

public sealed class CanonicalFormTests
{
    private static string ServiceKey(string serviceYaml, string key, string top = "")
    {
        var yaml = "services:\n  web:\n    image: x\n" + string.Join("\n", serviceYaml.Split('\n').Select(l => "    " + l)) + "\n" + top;
        return ComposeTestFiles.Load(yaml).Ok().Service("web")[key].Json();
    }

    [Theory]
    [InlineData("ports: ['8080:80']", """[{"mode":"ingress","target":80,"published":"8080","protocol":"tcp"}]""")]
    [InlineData("ports: [80]", """[{"mode":"ingress","target":80,"protocol":"tcp"}]""")]
    [InlineData("ports: ['127.0.0.1:8080:80/udp']", """[{"mode":"ingress","host_ip":"127.0.0.1","target":80,"published":"8080","protocol":"udp"}]""")]
    [InlineData("ports: ['[::1]:80:80']", """[{"mode":"ingress","host_ip":"::1","target":80,"published":"80","protocol":"tcp"}]""")]
    [InlineData("ports: ['9000-9001:9000-9001']", """[{"mode":"ingress","target":9000,"published":"9000","protocol":"tcp"},{"mode":"ingress","target":9001,"published":"9001","protocol":"tcp"}]""")]
    [InlineData("ports: [{target: 80, published: 8080, host_ip: 127.0.0.1}]", """[{"target":80,"published":"8080","host_ip":"127.0.0.1","mode":"ingress","protocol":"tcp"}]""")]
    public void Ports_AreLongSyntax(string yaml, string expected)
    {
        Assert.Equal(expected, ServiceKey(yaml, "ports"));
    }

    [Theory]
    [InlineData("volumes: ['./data:/data']", """[{"type":"bind","source":"./data","target":"/data","bind":{"create_host_path":true}}]""")]
    [InlineData("volumes: ['data:/data:ro']", """[{"type":"volume","source":"data","target":"/data","read_only":true,"volume":{}}]""")]
    [InlineData("volumes: [{type: tmpfs, target: /tmp/, tmpfs: {size: 1m}}]", """[{"type":"tmpfs","target":"/tmp","tmpfs":{"size":"1m"}}]""")]
    [InlineData("volumes: [{type: bind, source: conf, target: /c}]", """[{"type":"bind","source":"./conf","target":"/c"}]""")]
    public void Volumes_AreLongSyntax(string yaml, string expected)
    {
        Assert.Equal(expected, ServiceKey(yaml, "volumes", "volumes:\n  data: {}\n"));
    }

    [Fact]
    public void Labels_ListBecomesMap()
    {
        Assert.Equal("""{"a":"1","b":"","c":"x=y"}""", ServiceKey("labels: [a=1, b, c=x=y]", "labels"));
    }

    [Fact]
    public void DependsOn_ListBecomesMapWithDefaults()
    {
        var doc = ComposeTestFiles.Load("services:\n  db: {image: d}\n  web: {image: w, depends_on: [db]}\n").Ok();

        Assert.Equal("""{"db":{"condition":"service_started","required":true,"restart":false}}""", doc.Service("web")["depends_on"].Json());
    }

    [Fact]
    public void DependsOn_MapKeepsGivenValues()
    {
        var doc = ComposeTestFiles.Load("services:\n  db: {image: d}\n  web:\n    image: w\n    depends_on:\n      db: {condition: service_healthy, restart: true}\n").Ok();

        Assert.Equal("""{"db":{"condition":"service_healthy","restart":true,"required":true}}""", doc.Service("web")["depends_on"].Json());
    }

    [Fact]
    public void Networks_ListBecomesNullMap_AndDefaultNetworkIsAdded()
    {
        var doc = ComposeTestFiles.Load("services:\n  web: {image: w, networks: [front]}\n  db: {image: d}\nnetworks:\n  front: {}\n").Ok();

        Assert.Equal("""{"front":null}""", doc.Service("web")["networks"].Json());
        Assert.Equal("""{"default":null}""", doc.Service("db")["networks"].Json());
        Assert.Equal("""{"default":{"name":"demo_default"},"front":{"name":"demo_front"}}""", doc["networks"].Json());
    }

    [Fact]
    public void NetworkMode_NoDefaultNetwork()
    {
        var doc = ComposeTestFiles.Load("services:\n  web: {image: w, network_mode: host}\n").Ok();

        Assert.Null(doc.Service("web")["networks"]);
        Assert.Null(doc["networks"]);
    }

    [Fact]
    public void NetworkModeService_AddsDependency()
    {
        var doc = ComposeTestFiles.Load("services:\n  vpn: {image: v}\n  web: {image: w, network_mode: 'service:vpn'}\n").Ok();

        Assert.Equal("""{"vpn":{"condition":"service_started","required":true,"restart":true}}""", doc.Service("web")["depends_on"].Json());
    }

    [Theory]
    [InlineData("build: .", """{"context":".","dockerfile":"Dockerfile"}""")]
    [InlineData("build: ./app", """{"context":"./app","dockerfile":"Dockerfile"}""")]
    [InlineData("build: {context: app, dockerfile: Dockerfile.prod, args: [A=1, B]}", """{"context":"./app","dockerfile":"Dockerfile.prod","args":{"A":"1"}}""")]
    [InlineData("build: {dockerfile_inline: 'FROM scratch'}", """{"dockerfile_inline":"FROM scratch","context":"."}""")]
    public void Build_IsObjectWithDefaults(string yaml, string expected)
    {
        Assert.Equal(expected, ServiceKey(yaml, "build"));
    }

    [Fact]
    public void SecretsAndConfigs_ShortBecomesLong()
    {
        var doc = ComposeTestFiles.Load("""
            services:
              web:
                image: w
                secrets: [token]
                configs: [conf, {source: conf, target: /etc/app.conf}]
            secrets:
              token: {file: ./token.txt}
            configs:
              conf: {file: conf.txt}
            """).Ok();

        Assert.Equal("""[{"source":"token","target":"/run/secrets/token"}]""", doc.Service("web")["secrets"].Json());
        Assert.Equal("""[{"source":"conf"},{"source":"conf","target":"/etc/app.conf"}]""", doc.Service("web")["configs"].Json());
        Assert.Equal("""{"file":"token.txt","name":"demo_token"}""", doc["secrets"]!["token"].Json());
    }

    [Theory]
    [InlineData("scale: 3", 3)]
    [InlineData("deploy: {replicas: 2}", 2)]
    [InlineData("scale: 4\ndeploy: {replicas: 4}", 4)]
    public void ScaleAndReplicas_AreBothSetAndEqual(string yaml, int expected)
    {
        var web = ComposeTestFiles.Load("services:\n  web:\n    image: x\n" + string.Join("\n", yaml.Split('\n').Select(l => "    " + l)) + "\n").Ok().Service("web");

        Assert.Equal(expected, web["scale"]!.GetValue<long>());
        Assert.Equal(expected, web["deploy"]!["replicas"]!.GetValue<long>());
    }

    [Fact]
    public void ScaleAndReplicas_Different_IsError()
    {
        var error = ComposeTestFiles.Load("services:\n  web:\n    image: x\n    scale: 2\n    deploy: {replicas: 3}\n").SingleError();

        Assert.Equal((4, 12, "services.web.scale"), (error.Line, error.Column, error.Path));
    }

    [Theory]
    [InlineData("command: echo hi", "command", """["echo","hi"]""")]
    [InlineData("entrypoint: /bin/sh -c", "entrypoint", """["/bin/sh","-c"]""")]
    [InlineData("healthcheck: {test: curl -f localhost}", "healthcheck", """{"test":["CMD-SHELL","curl -f localhost"]}""")]
    [InlineData("dns: 8.8.8.8", "dns", """["8.8.8.8"]""")]
    [InlineData("pull_policy: if_not_present", "pull_policy", "\"missing\"")]
    [InlineData("expose: [80, '90-91']", "expose", """["80","90-91"]""")]
    [InlineData("sysctls: [net.core.somaxconn=1024]", "sysctls", """{"net.core.somaxconn":"1024"}""")]
    [InlineData("stop_grace_period: 1m30s", "stop_grace_period", "\"1m30s\"")]
    [InlineData("shm_size: 64m", "shm_size", "\"64m\"")]
    public void OtherKeys_AreCanonical(string yaml, string key, string expected)
    {
        Assert.Equal(expected, ServiceKey(yaml, key));
    }

    [Theory]
    [InlineData("stop_grace_period: soon", "services.web.stop_grace_period")]
    [InlineData("healthcheck: {test: [CMD, x], interval: 5 seconds}", "services.web.healthcheck.interval")]
    [InlineData("shm_size: lots", "services.web.shm_size")]
    [InlineData("deploy: {resources: {limits: {memory: 1 zettabyte}}}", "services.web.deploy.resources.limits.memory")]
    public void DurationsAndSizes_Invalid_AreLocated(string yaml, string path)
    {
        var error = ComposeTestFiles.Load("services:\n  web:\n    image: x\n    " + yaml + "\n").SingleError();

        Assert.Equal((4, path), (error.Line, error.Path));
    }

    [Fact]
    public void ProjectName_FromRequestWins()
    {
        var doc = ComposeTestFiles.Load("name: fromfile\nservices:\n  web: {image: x}\n", projectName: "given").Ok();

        Assert.Equal("given", doc["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("My App!", "myapp")]
    [InlineData("_-Front.End_2", "frontend_2")]
    public void ProjectName_TopLevel_IsNormalized(string given, string expected)
    {
        var doc = ComposeTestFiles.Load($"name: \"{given}\"\nservices:\n  web: {{image: x}}\nvolumes:\n  v: {{}}\n", projectName: null).Ok();

        Assert.Equal(expected, doc["name"]!.GetValue<string>());
        Assert.Equal(expected + "_v", doc["volumes"]!["v"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void ProjectName_Missing_AsksForOne()
    {
        var error = ComposeTestFiles.Load("services:\n  web: {image: x}\n", projectName: null).SingleError();

        Assert.Equal("name", error.Path);
        Assert.Contains("project name is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProjectName_InvalidGiven_IsError()
    {
        Assert.Contains("not a valid project name", ComposeTestFiles.Load("services:\n  web: {image: x}\n", projectName: "Bad Name").SingleError().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExternalResources_KeepTheirName()
    {
        var doc = ComposeTestFiles.Load("""
            services:
              web: {image: x, networks: [shared], volumes: ['old:/o']}
            networks:
              shared: {external: true}
            volumes:
              old:
                external:
                  name: legacy_volume
            """).Ok();

        Assert.Equal("""{"external":true,"name":"shared"}""", doc["networks"]!["shared"].Json());
        Assert.Equal("""{"external":true,"name":"legacy_volume"}""", doc["volumes"]!["old"].Json());
    }

    [Fact]
    public void Version_IsDropped()
    {
        Assert.Null(ComposeTestFiles.Load("version: '3.8'\nservices:\n  web: {image: x}\n").Ok()["version"]);
    }
}
