namespace Backup.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.Error.WriteLine("backup: no commands yet");
        return args.Length == 0 ? 2 : 2;
    }
}
