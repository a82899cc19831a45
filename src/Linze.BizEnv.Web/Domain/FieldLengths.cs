using Linze.BizEnv.Web.Domain.Rectification;

namespace Linze.BizEnv.Web.Domain;

/// <summary>
/// Column lengths, shared by the model, the forms and the domain's checks. Indexed columns must stay bounded
/// (SQL Server cannot index nvarchar(max)); every text a user sends is checked against these before it is stored.
/// </summary>
public static class FieldLengths
{
    public const int IdentityKey = 64;
    public const int PersonName = 50;
    public const int Name = 100;
    public const int Title = 200;
    public const int Reason = 1000;
    public const int LongText = 4000;

    /// <summary>Refuses a text longer than its column, naming the field in Chinese.</summary>
    public static void Check(string? value, int maxLength, string field)
    {
        if (value?.Length > maxLength)
        {
            throw new RefusedException($"{field}不能超过 {maxLength} 个字，请删减后再提交。");
        }
    }
}
