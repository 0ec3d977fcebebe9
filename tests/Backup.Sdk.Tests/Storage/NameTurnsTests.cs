using Backup.Sdk.Storage;

namespace Backup.Sdk.Tests.Storage;

public class NameTurnsTests
{
    [Test]
    public async Task EnterAsync_ForANameInTurn_WaitsUntilTheTurnEnds()
    {
        var turns = new NameTurns();
        var first = await turns.EnterAsync("keys/abc");

        var second = turns.EnterAsync("keys/abc");
        await Task.Delay(50);
        Assert.That(second.IsCompleted, Is.False, "the second put of the name waits");

        first.Dispose();
        using var secondTurn = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(second.IsCompletedSuccessfully, Is.True);
    }

    [Test]
    public async Task EnterAsync_WhenCancelledWhileWaiting_ThrowsAndLeavesTheTurnToItsHolder()
    {
        var turns = new NameTurns();
        using var cancellation = new CancellationTokenSource();
        var held = await turns.EnterAsync("config");

        var waiting = turns.EnterAsync("config", cancellation.Token);
        cancellation.Cancel();
        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());

        held.Dispose();
        using var next = await turns.EnterAsync("config").WaitAsync(TimeSpan.FromSeconds(5));
    }
}
