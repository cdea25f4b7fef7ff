using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StandingsManager.Tests.TestSupport;

/// <summary>
/// The app as an operator deploys it: published, run as its own process in the Production environment, the demo switched on with <c>Demo:Enabled</c>, a throw-away data folder, a
/// metrics port, and Debian's nginx in front terminating TLS with a self-signed certificate made here and forwarding
/// <c>X-Forwarded-Proto</c> over loopback, as docs/deploy.md sets it up. A missing nginx fails with instructions.
/// </summary>
public sealed class DeployedInstance : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateDirectory(StandingsAppFactory.NewDataDirectory()).FullName;
    private readonly ConcurrentQueue<string> _appOutput = new();
    private Process? _app;
    private Process? _nginx;
    private string? _postgreSql;

    public static string NginxPath => Environment.GetEnvironmentVariable("NGINX_PATH") ?? "/usr/sbin/nginx";

    /// <summary>The public address: nginx, HTTPS.</summary>
    public Uri HttpsAddress { get; private set; } = null!;

    /// <summary>The app's own port, plain HTTP, as someone who skips the proxy reaches it.</summary>
    public Uri PlainAddress { get; private set; } = null!;

    /// <summary><c>Metrics:Port</c>, on every interface.</summary>
    public Uri MetricsAddress { get; private set; } = null!;

    /// <summary>What the app wrote to its console so far (stdout and stderr, one entry per line).</summary>
    public IReadOnlyList<string> AppOutput => [.. _appOutput];

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(NginxPath))
            throw new InvalidOperationException($"nginx not found at {NginxPath}. Install it with 'apt-get install -y nginx' (the README test command does) or set NGINX_PATH.");
        int appPort = FreePort.Next(), metricsPort = FreePort.Next(), httpsPort = FreePort.Next();
        PlainAddress = new Uri($"http://127.0.0.1:{appPort}");
        MetricsAddress = new Uri($"http://127.0.0.1:{metricsPort}");
        HttpsAddress = new Uri($"https://127.0.0.1:{httpsPort}");

        _app = await StartAppAsync(appPort, metricsPort);
        await WaitUntilAsync(PlainAddress, "/healthz", _app, () => string.Join('\n', _appOutput));
        _nginx = StartNginx(appPort, httpsPort);
        await WaitUntilAsync(HttpsAddress, "/healthz", _nginx, () => File.ReadAllText(Path.Combine(_folder, "nginx", "error.log")));
    }

    /// <summary>A client that accepts the instance's self-signed certificate.</summary>
    public static HttpClient NewClient(Uri baseAddress) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator })
        {
            BaseAddress = baseAddress,
        };

    /// <summary>
    /// Publishes the app as docs/deploy.md does, from the build the tests already made (<c>--no-build</c>, the tests'
    /// configuration), and starts the published program in its folder: a plain build serves no static assets outside Development.
    /// </summary>
    private async Task<Process> StartAppAsync(int appPort, int metricsPort)
    {
        var published = Path.Combine(_folder, "app");
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var publish = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "publish", Repository.PathOf("StandingsManager.App/StandingsManager.App.csproj"), "-c", configuration, "--no-build", "-o", published })
            publish.ArgumentList.Add(arg);
        using (var publishing = Process.Start(publish)!)
        {
            var output = publishing.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var errors = publishing.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await publishing.WaitForExitAsync(TestContext.Current.CancellationToken);
            if (publishing.ExitCode != 0)
                throw new InvalidOperationException($"dotnet publish failed ({publishing.ExitCode}):\n{await output}\n{await errors}");
        }

        var start = new ProcessStartInfo(Path.Combine(published, "StandingsManager.App")) { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = published };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        string[] settings =
        [
            "--urls", $"http://127.0.0.1:{appPort}",
            "--Data:Directory", Path.Combine(_folder, "data"),
            "--Demo:Enabled", "true",
            "--Demo:SeedSyncedCharacters", "false",
            "--Metrics:Enabled", "true",
            "--Metrics:Port", metricsPort.ToString(CultureInfo.InvariantCulture),
        ];
        if (TestDatabases.OnPostgreSql)
        {
            _postgreSql = await TestDatabases.NewPostgreSqlAsync(migrated: false);
            settings = [.. settings, "--Database:Provider", "PostgreSQL", "--ConnectionStrings:Standings", _postgreSql];
        }
        foreach (var setting in settings)
            start.ArgumentList.Add(setting);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _appOutput.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _appOutput.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private Process StartNginx(int appPort, int httpsPort)
    {
        var prefix = Directory.CreateDirectory(Path.Combine(_folder, "nginx")).FullName;
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
            File.WriteAllText(Path.Combine(prefix, "cert.pem"), certificate.ExportCertificatePem());
            File.WriteAllText(Path.Combine(prefix, "key.pem"), rsa.ExportPkcs8PrivateKeyPem());
        }
        // docs/deploy.md's site, on test ports: Host keeps the port ($http_host), since the browser's address has one.
        File.WriteAllText(Path.Combine(prefix, "nginx.conf"), $$"""
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{prefix}}/body;
                proxy_temp_path {{prefix}}/proxy;
                fastcgi_temp_path {{prefix}}/fastcgi;
                uwsgi_temp_path {{prefix}}/uwsgi;
                scgi_temp_path {{prefix}}/scgi;
                map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                server {
                    listen 127.0.0.1:{{httpsPort}} ssl;
                    ssl_certificate     {{prefix}}/cert.pem;
                    ssl_certificate_key {{prefix}}/key.pem;
                    location / {
                        proxy_pass http://127.0.0.1:{{appPort}};
                        proxy_http_version 1.1;
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                        proxy_read_timeout 1h;
                    }
                }
            }
            """);
        var start = new ProcessStartInfo(NginxPath) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-p", prefix, "-e", Path.Combine(prefix, "error.log"), "-c", Path.Combine(prefix, "nginx.conf"), "-g", "daemon off;" })
            start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    /// <summary>Polls until the address answers 200; a process that exits first fails with its output.</summary>
    private static async Task WaitUntilAsync(Uri address, string path, Process process, Func<string> output)
    {
        using var client = NewClient(address);
        // A safety net, not a timing assertion: the app's first start on a busy machine takes a few seconds.
        var safety = Stopwatch.StartNew();
        while (safety.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode} before answering. Its output:\n{output()}");
            try
            {
                using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        throw new InvalidOperationException($"{address} did not answer {path} within 90 s. Output:\n{output()}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in new[] { _nginx, _app })
        {
            if (process is null)
                continue;
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
        StandingsAppFactory.DeleteDataDirectory(_folder);
        if (_postgreSql is not null)
            await TestDatabases.DropPostgreSqlAsync(_postgreSql);
    }
}
