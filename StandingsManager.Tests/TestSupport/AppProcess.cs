using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace StandingsManager.Tests.TestSupport;

/// <summary>One running copy of the published app: its console output, its health, and a hard kill.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Process _process;

    internal AppProcess(string name, ProcessStartInfo start)
    {
        Name = name;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the app wrote to its console so far (stdout and stderr, one entry per line).</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>SIGKILL: no shutdown, no lease released, no last heartbeat, as a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Polls <paramref name="path"/> until it answers 200; exiting first fails with the app's output.</summary>
    public Task WaitUntilAnswersAsync(Uri address, string path = "/healthz") =>
        WaitUntilAsync(address, path, _process, () => string.Join('\n', _output));

    /// <summary>A client that accepts a test's self-signed certificate.</summary>
    public static HttpClient NewClient(Uri baseAddress) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator })
        {
            BaseAddress = baseAddress,
        };

    /// <summary>Polls until the address answers 200; a process that exits first fails with its output.</summary>
    public static async Task WaitUntilAsync(Uri address, string path, Process process, Func<string> output)
    {
        using var client = NewClient(address);
        // A safety net, not a timing assertion: the app's first start on a busy machine takes a few seconds.
        var safety = Stopwatch.StartNew();
        while (safety.Elapsed < TimeSpan.FromSeconds(120))
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
        throw new InvalidOperationException($"{address} did not answer {path} within 120 s. Output:\n{output()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
