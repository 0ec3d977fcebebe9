namespace Backup.Cli.Tests;

/// <summary>A terminal that answers every question with the next of <c>answers</c> (the last one repeated).</summary>
internal sealed class FakePasswordPrompt(bool isInteractive, params string[] answers) : IPasswordPrompt
{
    public bool IsInteractive { get; } = isInteractive;

    public int Asked { get; private set; }

    public string ReadPassword(string prompt)
    {
        var answer = answers.Length == 0 ? "" : answers[Math.Min(Asked, answers.Length - 1)];
        Asked++;
        return answer;
    }
}
