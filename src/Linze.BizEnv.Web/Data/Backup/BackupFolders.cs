namespace Linze.BizEnv.Web.Data.Backup;

/// <summary>The folders a backup holds besides the database: the evidence files and the data-protection key ring.</summary>
public sealed record BackupFolders(string Evidence, string Keys);
