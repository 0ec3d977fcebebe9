using Backup.Sdk.Copies;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Validation;

namespace Backup.Sdk.Tests.Copies;

public class CopyRuleEvaluatorTests
{
    private const string PrimaryId = "11111111111111111111111111111111";
    private static readonly CopyPlacement Source = new("source", "disk", "onsite");
    private static readonly ContentId Taken = ContentId.Parse(new string('a', 64));

    private static Snapshot Original(ContentId id, DateTimeOffset? time = null)
    {
        var snapshot = new Snapshot { Hostname = "h", Paths = ["/data"], Time = time ?? new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero) };
        snapshot.Id = id;
        return snapshot;
    }

    private static Snapshot CopyOf(ContentId original, int seed)
    {
        var snapshot = new Snapshot
        {
            Hostname = "h",
            Paths = ["/data"],
            Time = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
            Original = new SnapshotOrigin { Snapshot = original, Repository = PrimaryId },
        };
        snapshot.Id = ContentId.Parse(new string((char)('b' + seed), 64));
        return snapshot;
    }

    private static PlacedSnapshots Primary(string medium = "disk", string site = "onsite", params Snapshot[] snapshots) =>
        new(new CopyPlacement("primary", medium, site), PrimaryId, snapshots.Length == 0 ? [Original(Taken)] : snapshots);

    private static PlacedSnapshots Copy(string name, string medium, string site, int seed, bool holds = true) =>
        new(new CopyPlacement(name, medium, site), new string((char)('2' + seed), 32), holds ? [CopyOf(Taken, seed)] : []);

    public static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(new[] { Primary() }, 2, 1, 0, ObjectiveState.Missed).SetName("Evaluate_OneRepository_TwoCopiesOneMedium_Missed");
        yield return new TestCaseData(new[] { Primary(), Copy("usb", "disk", "onsite", 1) }, 3, 1, 0, ObjectiveState.Missed).SetName("Evaluate_ThreeCopiesAllOnDiskOnSite_Missed");
        yield return new TestCaseData(new[] { Primary(), Copy("tape", "tape", "onsite", 1) }, 3, 2, 0, ObjectiveState.Missed).SetName("Evaluate_ThreeCopiesTwoMediaAllOnSite_Missed");
        yield return new TestCaseData(new[] { Primary(), Copy("cloud", "disk", "offsite", 1) }, 3, 1, 1, ObjectiveState.Missed).SetName("Evaluate_ThreeCopiesOffsiteButSameMedium_Missed");
        yield return new TestCaseData(new[] { Primary(), Copy("cloud", "cloud", "offsite", 1) }, 3, 2, 1, ObjectiveState.Met).SetName("Evaluate_ThreeCopiesTwoMediaOneOffsite_Met");
        yield return new TestCaseData(new[] { Primary(), Copy("cloud", "cloud", "eu-west", 1), Copy("tape", "tape", "onsite", 2, holds: false) }, 3, 2, 1, ObjectiveState.Met).SetName("Evaluate_SnapshotMissingFromOneOfThree_StillMetByTheOthers");
        yield return new TestCaseData(new[] { Primary(), Copy("cloud", "cloud", "offsite", 1, holds: false) }, 2, 1, 0, ObjectiveState.Missed).SetName("Evaluate_SnapshotMissingFromTheOffsiteCopy_Missed");
        yield return new TestCaseData(new[] { Primary(), Copy("cloud", "Cloud", "OnSite", 1), Copy("usb", "disk", "onsite", 2) }, 4, 2, 0, ObjectiveState.Missed).SetName("Evaluate_FourCopiesNoneOffsite_SitesComparedIgnoringCase_Missed");
    }

    [TestCaseSource(nameof(Cases))]
    public void Evaluate_Table(object places, int copies, int media, int offsite, ObjectiveState state)
    {
        var section = CopyRuleEvaluator.Evaluate(Source, (PlacedSnapshots[])places, new CopyRule());

        var snapshot = section.Snapshots.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(snapshot.Copies, Is.EqualTo(copies));
            Assert.That(snapshot.Media, Is.EqualTo(media));
            Assert.That(snapshot.Offsite, Is.EqualTo(offsite));
            Assert.That(snapshot.State, Is.EqualTo(state));
            Assert.That(section.Groups.Single().State, Is.EqualTo(state));
            Assert.That(section.State, Is.EqualTo(state));
        }
    }

    [Test]
    public void Evaluate_GroupJudgesItsNewestSnapshot_AndListsWhereItIsMissing()
    {
        var older = Original(Taken);
        var newer = Original(ContentId.Parse(new string('e', 64)), new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero));
        var places = new[] { Primary("disk", "onsite", older, newer), Copy("cloud", "cloud", "offsite", 1) };

        var section = CopyRuleEvaluator.Evaluate(Source, places, new CopyRule());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(section.Snapshots.Select(s => s.State), Is.EqualTo(new[] { ObjectiveState.Met, ObjectiveState.Missed }));
            Assert.That(section.Groups.Single().SnapshotId, Is.EqualTo(newer.Id.ToString()));
            Assert.That(section.Groups.Single().MissingFrom, Is.EqualTo(new[] { "cloud" }));
            Assert.That(section.State, Is.EqualTo(ObjectiveState.Missed));
        }
    }
}
