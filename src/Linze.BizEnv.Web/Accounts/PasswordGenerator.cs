using System.Security.Cryptography;

namespace Linze.BizEnv.Web.Accounts;

/// <summary>One-time passwords: 14 characters from all four classes, without look-alikes (0/O, 1/l/I).</summary>
public static class PasswordGenerator
{
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Digits = "23456789";
    private const string Symbols = "!@#$%*?-+=";

    public static string Create(int length = 14)
    {
        string[] sets = [Upper, Lower, Digits, Symbols];
        var all = string.Concat(sets);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            // The first four positions guarantee one of each class; the shuffle below hides where they are.
            var set = i < sets.Length ? sets[i] : all;
            chars[i] = set[RandomNumberGenerator.GetInt32(set.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}
