namespace Backup.Sdk.Volumes.RedirectOnWrite;

/// <summary>
/// The slots of <c>blocks.dat</c>: how many maps (the live one and each snapshot's) refer to each, and which are free.
/// Rebuilt from the maps when a volume opens, so it is never stored. Thread-safe.
/// </summary>
internal sealed class SlotTable
{
    private readonly List<int> _references = [];
    private readonly Stack<long> _free = new();
    private readonly Lock _lock = new();

    public static SlotTable Build(long existingSlots, IEnumerable<long[]> maps)
    {
        var table = new SlotTable();
        for (long i = 0; i < existingSlots; i++)
        {
            table._references.Add(0);
        }

        foreach (var map in maps)
        {
            table.AddReferences(map);
        }

        for (var slot = table._references.Count - 1; slot >= 0; slot--)
        {
            if (table._references[slot] == 0)
            {
                table._free.Push(slot);
            }
        }

        return table;
    }

    public long FreeCount
    {
        get
        {
            lock (_lock)
            {
                return _free.Count;
            }
        }
    }

    /// <summary>Whether only one map refers to the slot (the live one, when asked for a live slot): it may be written in place.</summary>
    public bool IsExclusive(long slot)
    {
        lock (_lock)
        {
            return _references[(int)slot] == 1;
        }
    }

    /// <summary>A free slot (the lowest freed first is not promised), referenced once from now on.</summary>
    public long Allocate()
    {
        lock (_lock)
        {
            if (_free.Count > 0)
            {
                var reused = _free.Pop();
                _references[(int)reused] = 1;
                return reused;
            }

            _references.Add(1);
            return _references.Count - 1;
        }
    }

    public void Release(long slot)
    {
        lock (_lock)
        {
            if (--_references[(int)slot] == 0)
            {
                _free.Push(slot);
            }
        }
    }

    public void AddReferences(long[] map)
    {
        lock (_lock)
        {
            foreach (var slot in map)
            {
                if (slot < 0)
                {
                    continue;
                }

                while (_references.Count <= slot)
                {
                    _references.Add(0);
                }

                _references[(int)slot]++;
            }
        }
    }

    public void ReleaseReferences(long[] map)
    {
        foreach (var slot in map)
        {
            if (slot >= 0)
            {
                Release(slot);
            }
        }
    }
}
