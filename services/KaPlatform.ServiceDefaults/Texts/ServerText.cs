namespace KaPlatform.ServiceDefaults.Texts;

/// <summary>
/// A sentence the server writes for a person to read (a health reason, an alert reason, a history entry): a stable
/// `code` and its `params` for clients to render in the reader's language (docs/product.md §0), plus the English `text` for logs
/// and API clients that show it as is. Params name things by id and by display name, so no client shows a bare UUID.
/// </summary>
public sealed record ServerText(string Code, IReadOnlyDictionary<string, object?> Params, string Text)
{
    public static ServerText Of(string code, string text, params (string Key, object? Value)[] parameters) =>
        new(code, parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), text);
}
