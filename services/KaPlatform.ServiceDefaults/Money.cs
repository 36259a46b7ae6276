namespace KaPlatform.ServiceDefaults;

/// <summary>docs/product.md §0 money: a decimal amount in cents plus a 3-letter currency code.</summary>
public static class Money
{
    public const string BaseCurrency = "CNY";

    public static bool IsCurrencyCode(string? code) => code is { Length: 3 } && code.All(char.IsAsciiLetterUpper);

    public static bool IsCents(decimal amount) => decimal.Round(amount, 2) == amount;
}
