namespace Backup.Sdk.Volumes;

/// <summary>
/// Per-block locking by stripes: block <c>b</c> is guarded by stripe <c>b mod 64</c>. A range takes its stripes in
/// ascending order (so two ranges never deadlock); <see cref="AcquireAllAsync"/> takes every stripe, which excludes all
/// block operations (snapshot creation and deletion).
/// </summary>
internal sealed class BlockStripes : IDisposable
{
    private const int Count = 64;
    private readonly SemaphoreSlim[] _stripes = new SemaphoreSlim[Count];

    public BlockStripes()
    {
        for (var i = 0; i < Count; i++)
        {
            _stripes[i] = new SemaphoreSlim(1, 1);
        }
    }

    public async ValueTask<Held> AcquireAsync(long firstBlock, long blockCount, CancellationToken cancellationToken)
    {
        if (blockCount >= Count)
        {
            return await AcquireAllAsync(cancellationToken).ConfigureAwait(false);
        }

        // The stripes of a short range, ascending: the range may wrap around the stripe numbers.
        var first = (int)(firstBlock % Count);
        var mask = 0UL;
        for (var i = 0; i < blockCount; i++)
        {
            mask |= 1UL << ((first + i) % Count);
        }

        return await AcquireMaskAsync(mask, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<Held> AcquireAllAsync(CancellationToken cancellationToken) => AcquireMaskAsync(ulong.MaxValue, cancellationToken);

    public void Dispose()
    {
        foreach (var stripe in _stripes)
        {
            stripe.Dispose();
        }
    }

    private async ValueTask<Held> AcquireMaskAsync(ulong mask, CancellationToken cancellationToken)
    {
        var taken = 0UL;
        try
        {
            for (var i = 0; i < Count; i++)
            {
                if ((mask & (1UL << i)) != 0)
                {
                    await _stripes[i].WaitAsync(cancellationToken).ConfigureAwait(false);
                    taken |= 1UL << i;
                }
            }
        }
        catch
        {
            new Held(this, taken).Dispose();
            throw;
        }

        return new Held(this, taken);
    }

    /// <summary>Stripes held; disposing releases them.</summary>
    public readonly struct Held : IDisposable
    {
        private readonly BlockStripes _owner;
        private readonly ulong _mask;

        public Held(BlockStripes owner, ulong mask)
        {
            _owner = owner;
            _mask = mask;
        }

        public void Dispose()
        {
            for (var i = 0; i < Count; i++)
            {
                if ((_mask & (1UL << i)) != 0)
                {
                    _owner._stripes[i].Release();
                }
            }
        }
    }
}
