namespace Backup.Cli.Tests;

internal sealed class FakePasswordPrompt(bool isInteractive, string answer = "") : IPasswordPrompt
{
    public bool IsInteractive { get; } = isInteractive;

    public int Asked { get; private set; }

    public string ReadPassword(string prompt)
    {
        Asked++;
        return answer;
    }
}
