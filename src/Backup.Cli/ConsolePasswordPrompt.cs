using System.Text;

namespace Backup.Cli;

/// <summary>Reads a password from the terminal with echo off.</summary>
internal sealed class ConsolePasswordPrompt : IPasswordPrompt
{
    public bool IsInteractive => !Console.IsInputRedirected;

    public string ReadPassword(string prompt)
    {
        Console.Error.Write(prompt);
        var password = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }

                continue;
            }

            if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return password.ToString();
    }
}
