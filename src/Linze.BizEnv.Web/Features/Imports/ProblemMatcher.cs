using Linze.BizEnv.Web.Data;
using System.Text;

namespace Linze.BizEnv.Web.Features.Imports;

/// <summary>A problem an indicator has in the database, as the matcher sees it.</summary>
public sealed record ExistingProblem(int Id, int Ordinal, string Text);

/// <summary>What a problem of the file is to the database: the same text, a rewording of an old one, or new.</summary>
public enum MatchKind
{
    Kept,
    Reworded,
    Added,
}

/// <summary>A problem of the file (its 1-based position and text) and the old problem it continues, if any.</summary>
public sealed record ProblemPairing(int Position, string Text, ExistingProblem? Old, MatchKind Kind, double Similarity);

/// <summary>The file's problems of one indicator paired with the database's; <see cref="Removed"/> are old problems the file no longer has.</summary>
public sealed record ProblemMatching(IReadOnlyList<ProblemPairing> Incoming, IReadOnlyList<ExistingProblem> Removed);

/// <summary>
/// Pairs an indicator's problems in a new version of the list with those it already has, by text (ADR-0010):
/// first equal texts (ignoring white space, punctuation and full/half width), then the most similar remaining pair
/// while its similarity reaches <see cref="SimilarityThreshold"/>, greedily; position only breaks ties. A problem
/// left over in the file is new; one left over in the database is removed.
/// </summary>
public static class ProblemMatcher
{
    /// <summary>
    /// The least Dice coefficient of character bigrams at which two texts are the same problem reworded. The 2022 list's
    /// different problems of one indicator reach at most 0.21; a rewording that keeps the problem scores 0.7–0.9.
    /// </summary>
    public const double SimilarityThreshold = 0.5;

    /// <summary>The text without white space, punctuation or symbols, full-width letters and digits folded (NFKC), lower case.</summary>
    public static string Normalise(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The Dice coefficient of the two normalised texts' character bigrams (as multisets): 2·|A∩B| / (|A|+|B|), from
    /// 0 (nothing shared) to 1. Chinese has no spaces between words and most words are two characters, so bigrams
    /// stand in for words; a reworded clause or a moved phrase costs only the bigrams it touches.
    /// </summary>
    public static double Similarity(string a, string b)
    {
        var (x, y) = (Bigrams(Normalise(a)), Bigrams(Normalise(b)));
        var total = x.Values.Sum() + y.Values.Sum();
        if (total == 0)
        {
            return 1.0;
        }

        var shared = x.Sum(pair => Math.Min(pair.Value, y.GetValueOrDefault(pair.Key)));
        return 2.0 * shared / total;
    }

    /// <summary>
    /// Pairs <paramref name="incoming"/> (the file's texts, in order) with <paramref name="existing"/>. <paramref name="chosen"/>
    /// fixes pairings the office made, by 1-based position: an old problem's id, or null for "a new problem"; the caller
    /// checks they name problems of this indicator, each at most once.
    /// </summary>
    public static ProblemMatching Match(IReadOnlyList<ExistingProblem> existing, IReadOnlyList<string> incoming, IReadOnlyDictionary<int, int?>? chosen = null)
    {
        var pairs = new Dictionary<int, (ExistingProblem Old, double Similarity)>();
        var taken = new HashSet<int>();
        foreach (var (position, id) in chosen ?? new Dictionary<int, int?>())
        {
            if (id is { } oldId && existing.FirstOrDefault(e => e.Id == oldId) is { } old)
            {
                pairs[position] = (old, Similarity(old.Text, incoming[position - 1]));
                taken.Add(oldId);
            }
        }

        var open = Enumerable.Range(1, incoming.Count).Where(p => chosen?.ContainsKey(p) != true).ToHashSet();
        var normalised = existing.ToDictionary(e => e.Id, e => Normalise(e.Text));
        var candidates =
            from position in open
            from old in existing
            where !taken.Contains(old.Id)
            let exact = Normalise(incoming[position - 1]) == normalised[old.Id]
            let similarity = exact ? 1.0 : Similarity(old.Text, incoming[position - 1])
            where similarity >= SimilarityThreshold
            orderby exact descending, similarity descending, Math.Abs(old.Ordinal - position), position, old.Ordinal
            select (position, old, similarity);
        foreach (var (position, old, similarity) in candidates.ToList())
        {
            if (open.Contains(position) && taken.Add(old.Id))
            {
                open.Remove(position);
                pairs[position] = (old, similarity);
            }
        }

        var matched = incoming.Select((text, i) => pairs.TryGetValue(i + 1, out var pair)
            ? new ProblemPairing(i + 1, text, pair.Old, pair.Old.Text == text ? MatchKind.Kept : MatchKind.Reworded, pair.Similarity)
            : new ProblemPairing(i + 1, text, null, MatchKind.Added, 0));
        return new ProblemMatching([.. matched], [.. existing.Where(e => !taken.Contains(e.Id)).OrderBy(e => e.Ordinal)]);
    }

    private static Dictionary<string, int> Bigrams(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        IEnumerable<string> grams = text.Length == 1 ? [text] : Enumerable.Range(0, Math.Max(text.Length - 1, 0)).Select(i => text.Substring(i, 2));
        foreach (var gram in grams)
        {
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }

        return counts;
    }
}
