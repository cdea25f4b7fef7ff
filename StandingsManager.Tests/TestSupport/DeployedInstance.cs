using System.Diagnostics;
using System.Globalization;

namespace StandingsManager.Tests.TestSupport;

/// <summary>
/// The app as an operator deploys it: published (<see cref="PublishedApp"/>), run as its own process in the Production environment, the demo switched on with <c>Demo:Enabled</c>, a throw-away data folder, a
/// metrics port, and Debian's nginx in front terminating TLS with a self-signed certificate made here and forwarding
/// <c>X-Forwarded-Proto</c> over loopback, as docs/deploy.md sets it up. A missing nginx fails with instructions.
/// </summary>
public sealed class DeployedInstance : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateDirectory(StandingsAppFactory.NewDataDirectory()).FullName;
    private AppProcess? _app;
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
    public IReadOnlyList<string> AppOutput => _app?.Output ?? [];

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(NginxPath))
            throw new InvalidOperationException($"nginx not found at {NginxPath}. Install it with 'apt-get install -y nginx' (the README test command does) or set NGINX_PATH.");
        int appPort = FreePort.Next(), metricsPort = FreePort.Next(), httpsPort = FreePort.Next();
        PlainAddress = new Uri($"http://127.0.0.1:{appPort}");
        MetricsAddress = new Uri($"http://127.0.0.1:{metricsPort}");
        HttpsAddress = new Uri($"https://127.0.0.1:{httpsPort}");

        _app = await StartAppAsync(appPort, metricsPort);
        await _app.WaitUntilAnswersAsync(PlainAddress);
        _nginx = StartNginx(appPort, httpsPort);
        await AppProcess.WaitUntilAsync(HttpsAddress, "/healthz", _nginx, () => File.ReadAllText(Path.Combine(_folder, "nginx", "error.log")));
    }

    /// <summary>A client that accepts the instance's self-signed certificate.</summary>
    public static HttpClient NewClient(Uri baseAddress) => AppProcess.NewClient(baseAddress);

    /// <summary>The published app (<see cref="PublishedApp"/>) in the Production environment with the demo on.</summary>
    private async Task<AppProcess> StartAppAsync(int appPort, int metricsPort)
    {
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
        return await PublishedApp.StartAsync("deployed", "Production", settings);
    }

    private Process StartNginx(int appPort, int httpsPort)
    {
        var prefix = Directory.CreateDirectory(Path.Combine(_folder, "nginx")).FullName;
        SelfSignedCertificate.WritePem(prefix);
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

    public async ValueTask DisposeAsync()
    {
        if (_nginx is not null)
        {
            if (!_nginx.HasExited)
                _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
            _nginx.Dispose();
        }
        if (_app is not null)
            await _app.DisposeAsync();
        StandingsAppFactory.DeleteDataDirectory(_folder);
        if (_postgreSql is not null)
            await TestDatabases.DropPostgreSqlAsync(_postgreSql);
    }
}
