namespace Linze.BizEnv.IntegrationTests;

/// <summary>One seeded portal shared by the read-only page tests.</summary>
[CollectionDefinition(Name)]
public sealed class SeededPortal : ICollectionFixture<BizEnvFactory>
{
    public const string Name = "Seeded portal";
}
