using Backup.Sdk.Repository.Trees;

namespace Backup.Cli;

/// <summary>The <c>ls -l</c> form of a mode: the type letter and the nine permission letters, with set-id and sticky bits.</summary>
internal static class UnixModeText
{
    public static string Format(NodeType type, uint mode)
    {
        Span<char> text = stackalloc char[10];
        text[0] = type switch
        {
            NodeType.Directory => 'd',
            NodeType.Symlink => 'l',
            NodeType.BlockDevice => 'b',
            NodeType.CharDevice => 'c',
            NodeType.Fifo => 'p',
            NodeType.Socket => 's',
            _ => '-',
        };

        const string Letters = "rwxrwxrwx";
        for (var i = 0; i < 9; i++)
        {
            text[i + 1] = (mode & (1u << (8 - i))) != 0 ? Letters[i] : '-';
        }

        SetSpecial(text, 3, (mode & 0x800) != 0, 's'); // set-user-id
        SetSpecial(text, 6, (mode & 0x400) != 0, 's'); // set-group-id
        SetSpecial(text, 9, (mode & 0x200) != 0, 't'); // sticky
        return new string(text);
    }

    private static void SetSpecial(Span<char> text, int index, bool set, char letter)
    {
        if (set)
        {
            // Lower case when the execute bit is also set, upper case when it is not, as ls prints it.
            text[index] = text[index] == 'x' ? letter : char.ToUpperInvariant(letter);
        }
    }

    /// <summary>The type names of docs/format.md.</summary>
    public static string TypeName(NodeType type) => type switch
    {
        NodeType.File => "file",
        NodeType.Directory => "dir",
        NodeType.Symlink => "symlink",
        NodeType.BlockDevice => "dev",
        NodeType.CharDevice => "chardev",
        NodeType.Fifo => "fifo",
        NodeType.Socket => "socket",
        _ => type.ToString().ToLowerInvariant(),
    };
}
