namespace Backup.Sdk.Cryptography;

/// <summary>Who made a key, recorded in the key file for <c>key list</c>; informational only, never checked.</summary>
/// <param name="Hostname">The machine the key was made on.</param>
/// <param name="Username">The user who made it.</param>
public sealed record KeyOwner(string Hostname, string Username)
{
    /// <summary>The current machine and user (<see cref="Environment.MachineName"/>, <see cref="Environment.UserName"/>).</summary>
    public static KeyOwner Current => new(Environment.MachineName, Environment.UserName);
}
