using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Search;

namespace KaPlatform.Accounts.Api.Shared;

internal static class Like
{
    public const int MaxQueryLength = 200;

    /// <summary>An ILIKE pattern for "contains q": the trigram index serves it, and % or _ typed by a user match literally.</summary>
    public static string? Contains(string? q)
    {
        var text = q?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length > MaxQueryLength)
        {
            throw FieldErrors.Invalid("q", $"at most {MaxQueryLength} characters.");
        }

        return "%" + LikePattern.Escape(text) + "%";
    }
}
