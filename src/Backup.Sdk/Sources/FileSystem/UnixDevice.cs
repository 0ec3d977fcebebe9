namespace Backup.Sdk.Sources.FileSystem;

/// <summary>
/// Device numbers as one <see cref="ulong"/> (<c>dev_t</c>), encoded as glibc's <c>makedev</c> does on Linux, so they
/// compare with <c>st_dev</c>/<c>st_rdev</c> from any other tool and can be passed to <c>mknod</c> as they are.
/// </summary>
public static class UnixDevice
{
    /// <summary>Combines a major and a minor number into one device id.</summary>
    public static ulong Make(uint major, uint minor) =>
        ((ulong)(major & 0xFFFF_F000u) << 32) | ((ulong)(major & 0x0000_0FFFu) << 8)
        | ((ulong)(minor & 0xFFFF_FF00u) << 12) | (minor & 0x0000_00FFu);

    /// <summary>The major number of a device id.</summary>
    public static uint Major(ulong device) => (uint)(((device >> 32) & 0xFFFF_F000u) | ((device >> 8) & 0x0000_0FFFu));

    /// <summary>The minor number of a device id.</summary>
    public static uint Minor(ulong device) => (uint)(((device >> 12) & 0xFFFF_FF00u) | (device & 0x0000_00FFu));
}
