namespace Linze.BizEnv.Web.Data;

/// <summary>Column lengths, shared by the model and the input checks. Indexed columns must stay bounded (SQL Server cannot index nvarchar(max)).</summary>
public static class FieldLengths
{
    public const int IdentityKey = 64;
    public const int PersonName = 50;
    public const int Name = 100;
    public const int Title = 200;
    public const int Reason = 1000;
    public const int LongText = 4000;
}
