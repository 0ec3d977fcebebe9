using System.Diagnostics;
using System.Text.Json;

namespace Backup.Cli.Tests.EndToEnd;

/// <summary>Runs the real `backup` executable as a child process, the way users and scripts do.</summary>
internal sealed class CliProcess
{
    public const string Password = "end-to-end password";

    private readonly string _repository;

    public CliProcess(string repository)
    {
        _repository = repository;
    }

    /// <summary>The CLI's entry assembly, built beside the tests.</summary>
    public static string EntryAssembly => Path.Combine(AppContext.BaseDirectory, "backup.dll");

    public ProcessStartInfo StartInfo(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(EntryAssembly);
        info.ArgumentList.Add("--repo");
        info.ArgumentList.Add(_repository);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["BACKUP_PASSWORD"] = Password;
        info.Environment["BACKUP_KDF_PARAMS"] = "8192:1";
        info.Environment.Remove("BACKUP_REPOSITORY");
        info.Environment.Remove("BACKUP_PASSWORD_FILE");
        return info;
    }

    public Process Start(params string[] args)
    {
        var process = Process.Start(StartInfo(args)) ?? throw new InvalidOperationException("The CLI did not start.");
        process.StandardInput.Close();
        return process;
    }

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public async Task<JsonElement> RunJsonAsync(params string[] args)
    {
        var result = await RunAsync([.. args, "--json"]);
        Assert.That(result.ExitCode, Is.Zero, () => $"backup {string.Join(' ', args)} failed: {result.StandardError}");
        return JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
    }
}

internal sealed record CliResult(int ExitCode, string StandardOutput, string StandardError);
