namespace KaPlatform.ServiceDefaults.Search;

/// <summary>User text inside an ILIKE pattern: %, _ and \ typed by a person match literally (PostgreSQL's default escape is \).</summary>
public static class LikePattern
{
    public static string Escape(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");

    /// <summary>"contains q" for the trimmed text; null when there is none.</summary>
    public static string? Contains(string? q) => string.IsNullOrWhiteSpace(q) ? null : "%" + Escape(q.Trim()) + "%";
}
