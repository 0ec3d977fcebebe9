using System.IO.Abstractions;

namespace Backup.Cli;

/// <summary>
/// Everything one run of the CLI touches outside itself: its output streams, environment variables, the file system and the
/// terminal. <see cref="Program"/> passes the real ones; tests pass writers, dictionaries and fakes and run in-process.
/// </summary>
/// <param name="Out">stdout: the result only (text, or one JSON document with <c>--json</c>).</param>
/// <param name="Error">stderr: messages, progress, warnings, errors and usage.</param>
/// <param name="Variables">The environment variables.</param>
/// <param name="FileSystem">The file system, for the password file (and later for sources and targets).</param>
/// <param name="PasswordPrompt">The terminal, for asking a password.</param>
/// <param name="WrapStorage">Wraps the repository's storage backend (tests count or disturb what a verb does); null for none.</param>
internal sealed record CliEnvironment(
    TextWriter Out,
    TextWriter Error,
    IReadOnlyDictionary<string, string?> Variables,
    IFileSystem FileSystem,
    IPasswordPrompt PasswordPrompt,
    Func<Backup.Sdk.Storage.IStorageBackend, Backup.Sdk.Storage.IStorageBackend>? WrapStorage = null);
