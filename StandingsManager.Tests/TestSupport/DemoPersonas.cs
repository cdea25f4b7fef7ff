namespace StandingsManager.Tests.TestSupport;

/// <summary>Character ids of the demo universe's personas (StandingsManager.App.Demo.DemoUniverse).</summary>
public static class DemoPersonas
{
    public const long Administrator = 90_000_001;
    public const long Approver = 90_000_002;
    public const long Auditor = 90_000_003;
    public const long Member = 90_000_004;
    public const long MemberWithPendingRequest = 90_000_005;
    public const long Blue = 90_000_006;
    public const long Guest = 90_000_007;
    /// <summary>Bea Blue's corporation-mate, not a persona: an alt to add with "Add character".</summary>
    public const long BlueAlt = 90_000_101;
    public const long BlueCorporation = 98_000_002;
}
