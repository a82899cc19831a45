namespace Linze.BizEnv.Web.Domain;

/// <summary>When two unit names may be one unit: what the importer warns of and offers to rename or merge.</summary>
public static class UnitNames
{
    /// <summary>
    /// Two names that look like one unit written two ways: the same characters in another order, one character apart,
    /// or one a short form of the other (<see cref="IsShortFormOf"/>).
    /// </summary>
    public static bool LookAlike(string a, string b)
    {
        if (a == b)
        {
            return false;
        }

        if (a.Length == b.Length && a.Order().SequenceEqual(b.Order()))
        {
            return true;
        }

        if (IsShortFormOf(a, b) || IsShortFormOf(b, a))
        {
            return true;
        }

        if (Math.Abs(a.Length - b.Length) > 1 || Math.Min(a.Length, b.Length) < 4)
        {
            return false;
        }

        // One insertion, deletion or substitution apart.
        int i = 0, j = 0, edits = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                i++;
                j++;
                continue;
            }

            if (++edits > 1)
            {
                return false;
            }

            if (a.Length > b.Length)
            {
                i++;
            }
            else if (b.Length > a.Length)
            {
                j++;
            }
            else
            {
                i++;
                j++;
            }
        }

        return edits + (a.Length - i) + (b.Length - j) <= 1;
    }


    /// <summary>
    /// A short form of a unit's name, as Chinese offices abbreviate (县市场监管局 for 县市场监督管理局): at least four
    /// characters, the long name's first and last character, the rest of its characters in the long name's order,
    /// at most four left out.
    /// </summary>
    private static bool IsShortFormOf(string shorter, string longer)
    {
        if (shorter.Length < 4 || shorter.Length >= longer.Length || longer.Length - shorter.Length > 4 || shorter[0] != longer[0] || shorter[^1] != longer[^1])
        {
            return false;
        }

        var at = 0;
        foreach (var c in longer)
        {
            if (at < shorter.Length && shorter[at] == c)
            {
                at++;
            }
        }

        return at == shorter.Length;
    }
}
