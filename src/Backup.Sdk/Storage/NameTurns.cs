namespace Backup.Sdk.Storage;

/// <summary>
/// Makes operations on one object name in this process take turns, for a backend that must emulate an atomic
/// <see cref="PutMode.CreateOnly"/> by checking, then putting (on a store that ignores conditional writes): only writers in
/// other processes can then race in between. Names share a fixed set of 64 locks by hash, so memory does not grow with the
/// names seen; two names may wait for each other now and then. Thread-safe. Nothing to dispose: the locks never create a
/// wait handle.
/// </summary>
public sealed class NameTurns
{
    private const int Stripes = 64;
    private readonly SemaphoreSlim[] _stripes = new SemaphoreSlim[Stripes];

    /// <summary>Creates the locks.</summary>
    public NameTurns()
    {
        for (var i = 0; i < _stripes.Length; i++)
        {
            _stripes[i] = new SemaphoreSlim(1, 1);
        }
    }

    /// <summary>Waits for the turn of <paramref name="name"/>; dispose the result to end the turn.</summary>
    /// <param name="name">The object name (or key).</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public async Task<Turn> EnterAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(name) % Stripes)];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Turn(stripe);
    }

    /// <summary>A turn held; disposing it lets the next waiter for the name go on.</summary>
    public readonly struct Turn : IDisposable
    {
        private readonly SemaphoreSlim? _stripe;

        internal Turn(SemaphoreSlim stripe) => _stripe = stripe;

        /// <summary>Ends the turn.</summary>
        public void Dispose() => _stripe?.Release();
    }
}
