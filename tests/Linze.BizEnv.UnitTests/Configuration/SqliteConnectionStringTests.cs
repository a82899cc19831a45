using Linze.BizEnv.Web.Configuration;
using Microsoft.Data.Sqlite;

namespace Linze.BizEnv.UnitTests.Configuration;

public class SqliteConnectionStringTests
{
    [Fact]
    public void RelativeDatabaseFileLivesUnderTheContentRootAndItsFolderIsCreated()
    {
        var root = Path.Combine(Path.GetTempPath(), "bizenv-" + Guid.NewGuid().ToString("N"));
        try
        {
            var resolved = new SqliteConnectionStringBuilder(
                PersistenceExtensions.ResolveSqliteConnectionString("Data Source=App_Data/bizenv.db", root));
            Assert.Equal(Path.Combine(root, "App_Data", "bizenv.db"), resolved.DataSource);
            Assert.True(Directory.Exists(Path.Combine(root, "App_Data")));
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    [Fact]
    public void WritersWaitForTheLockInsteadOfFailing()
    {
        var resolved = new SqliteConnectionStringBuilder(
            PersistenceExtensions.ResolveSqliteConnectionString("Data Source=:memory:", "/tmp"));
        Assert.Equal(":memory:", resolved.DataSource);
        Assert.True(resolved.DefaultTimeout >= 30);
    }

    [Fact]
    public void AnExplicitTimeoutIsKept()
    {
        var resolved = new SqliteConnectionStringBuilder(
            PersistenceExtensions.ResolveSqliteConnectionString("Data Source=:memory:;Default Timeout=5", "/tmp"));
        Assert.Equal(5, resolved.DefaultTimeout);
    }
}
