using System.Globalization;
using Backup.Sdk.Cryptography;

namespace Backup.Cli;

/// <summary>
/// The Argon2id cost of the keys <c>init</c>, <c>key add</c> and <c>key passwd</c> make: calibrated to about half a second on
/// this machine, or, for tests and benchmarks only, the fixed cost in <c>BACKUP_KDF_PARAMS</c>. It also times the key's making,
/// so that benchmarks can report key derivation apart from the rest of a run.
/// </summary>
internal sealed class KeyDerivation
{
    private readonly KdfParameters? _fixed;

    private KeyDerivation(KdfParameters? fixedParameters)
    {
        _fixed = fixedParameters;
    }

    /// <summary>Reads and validates <c>BACKUP_KDF_PARAMS</c>; call it before asking any password.</summary>
    /// <exception cref="CliUsageException">The variable is set but is not <c>&lt;memoryKiB&gt;:&lt;iterations&gt;</c> with values Argon2id accepts.</exception>
    public static KeyDerivation FromEnvironment(IReadOnlyDictionary<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (!variables.TryGetValue(EnvironmentVariables.KdfParameters, out var text) || string.IsNullOrEmpty(text))
        {
            return new KeyDerivation(null);
        }

        var parts = text.Split(':');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var memoryKiB)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            && memoryKiB >= KdfParameters.MinimumMemoryKiB
            && iterations >= 1)
        {
            return new KeyDerivation(new KdfParameters(memoryKiB, iterations));
        }

        throw new CliUsageException(
            $"{EnvironmentVariables.KdfParameters}='{text}' is not valid: expected <memoryKiB>:<iterations> with memory at least "
            + $"{KdfParameters.MinimumMemoryKiB} KiB and at least 1 iteration, e.g. 8192:1. It is meant for tests only; unset it to calibrate.");
    }

    /// <summary>Chooses the cost (calibrating if need be), makes the key with <paramref name="createKey"/> and times both.</summary>
    public async Task<(T Result, KeyDerivationReport Report)> RunAsync<T>(Func<KdfParameters, Task<T>> createKey)
    {
        ArgumentNullException.ThrowIfNull(createKey);
        var clock = TimeProvider.System;
        var start = clock.GetTimestamp();
        var parameters = _fixed ?? KdfParameters.Calibrate();
        var result = await createKey(parameters).ConfigureAwait(false);
        var elapsed = clock.GetElapsedTime(start);
        var report = new KeyDerivationReport(
            "argon2id",
            parameters.MemoryKiB,
            parameters.Iterations,
            parameters.Parallelism,
            _fixed is null ? "calibrated" : EnvironmentVariables.KdfParameters,
            Math.Round(elapsed.TotalMilliseconds, 1));
        return (result, report);
    }
}

/// <summary>How a new key's password was hashed and how long making the key took.</summary>
/// <param name="Algorithm">Always <c>argon2id</c>.</param>
/// <param name="MemoryKiB">Argon2id memory.</param>
/// <param name="Iterations">Argon2id passes.</param>
/// <param name="Parallelism">Argon2id lanes.</param>
/// <param name="Source"><c>calibrated</c>, or <c>BACKUP_KDF_PARAMS</c> when the cost was fixed by that variable.</param>
/// <param name="Milliseconds">
/// Calibration plus the derivation for the new key, measured around the key's making (which also writes one small file).
/// </param>
internal sealed record KeyDerivationReport(string Algorithm, int MemoryKiB, int Iterations, int Parallelism, string Source, double Milliseconds)
{
    /// <summary>The line written on stderr.</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"Key derivation: {Algorithm} m={MemoryKiB} KiB t={Iterations} p={Parallelism} ({Source}), {Milliseconds:0.0} ms.");
}
