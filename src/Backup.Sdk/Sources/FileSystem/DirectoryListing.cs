using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Backup.Sdk.Sources.FileSystem;

/// <summary>Reads a directory with <c>fdopendir</c>/<c>readdir64</c>, yielding raw name bytes and <c>d_type</c>.</summary>
[SupportedOSPlatform("linux")]
internal static class DirectoryListing
{
    // struct dirent64: d_ino (u64) at 0, d_off (s64) at 8, d_reclen (u16) at 16, d_type (u8) at 18, d_name at 19.
    private const int TypeOffset = 18;
    private const int NameOffset = 19;

    /// <summary>Starts a listing at once (so that a missing directory fails here), taking ownership of <paramref name="fd"/>.</summary>
    public static IEnumerable<DirectoryEntry> Start(int fd, string displayPath)
    {
        var stream = LibC.FdOpenDir(fd);
        if (stream == 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            _ = LibC.Close(fd);
            throw UnixErrors.Create("fdopendir", displayPath, errno);
        }

        return Read(new DirectoryStreamHandle(stream), displayPath);
    }

    private static IEnumerable<DirectoryEntry> Read(DirectoryStreamHandle stream, string displayPath)
    {
        using (stream)
        {
            while (TryReadNext(stream, displayPath, out var entry))
            {
                yield return entry;
            }
        }
    }

    private static unsafe bool TryReadNext(DirectoryStreamHandle stream, string displayPath, out DirectoryEntry entry)
    {
        var added = false;
        stream.DangerousAddRef(ref added);
        try
        {
            while (true)
            {
                // readdir64 reports the end and an error both as NULL; only errno tells them apart.
                Marshal.SetLastSystemError(0);
                var record = (byte*)LibC.ReadDir64(stream.DangerousGetHandle());
                if (record is null)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno != 0)
                    {
                        throw UnixErrors.Create("readdir64", displayPath, errno);
                    }

                    entry = default;
                    return false;
                }

                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(record + NameOffset);
                if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))
                {
                    continue;
                }

                entry = new DirectoryEntry(name.ToArray(), UnixFileModes.FromDirentType(record[TypeOffset]), *(ulong*)record);
                return true;
            }
        }
        finally
        {
            if (added)
            {
                stream.DangerousRelease();
            }
        }
    }

    private sealed class DirectoryStreamHandle : SafeHandle
    {
        public DirectoryStreamHandle(nint stream)
            : base(0, ownsHandle: true)
        {
            SetHandle(stream);
        }

        public override bool IsInvalid => handle == 0;

        protected override bool ReleaseHandle() => LibC.CloseDir(handle) == 0;
    }
}
