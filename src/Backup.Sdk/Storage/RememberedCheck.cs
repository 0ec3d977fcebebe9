namespace Backup.Sdk.Storage;

/// <summary>
/// An asynchronous check that a storage backend runs once and remembers (a bucket exists, the store honours conditional
/// writes): the first caller starts it, later callers share its outcome, and when it failed transiently
/// (<see cref="BackupException.IsTransient"/>) the next caller runs it again. Thread-safe.
/// </summary>
/// <typeparam name="T">What the check finds.</typeparam>
public sealed class RememberedCheck<T>
    where T : struct
{
    private readonly Func<Task<T>> _check;
    private readonly Lock _gate = new();
    private Task<T>? _run;

    /// <summary>Creates the check; nothing runs until <see cref="GetAsync"/>.</summary>
    /// <param name="check">
    /// The check. It runs without the caller's cancellation token, so that a caller who stops waiting does not cancel it for
    /// the others.
    /// </param>
    public RememberedCheck(Func<Task<T>> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        _check = check;
    }

    /// <summary>What the check found, once it has succeeded; <see langword="null"/> before, while it runs, and after it failed.</summary>
    public T? Result => Volatile.Read(ref _run) is { IsCompletedSuccessfully: true } run ? run.Result : null;

    /// <summary>Forgets the outcome, so that the next caller runs the check again (the state it checks has changed).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _run = null;
        }
    }

    /// <summary>The check's outcome: started by the first caller, shared afterwards, started again after a transient failure.</summary>
    /// <param name="cancellationToken">Cancels waiting; the check itself runs to its end for later callers.</param>
    /// <exception cref="Exception">Whatever the check threw, to every caller that shares that run.</exception>
    public Task<T> GetAsync(CancellationToken cancellationToken = default)
    {
        Task<T> run;
        lock (_gate)
        {
            // A transient failure is not remembered: the next caller runs the check again.
            if (_run is null || (_run.IsFaulted && _run.Exception?.InnerException is BackupException { IsTransient: true }))
            {
                _run = _check();
            }

            run = _run;
        }

        return run.IsCompletedSuccessfully ? run : run.WaitAsync(cancellationToken);
    }
}
