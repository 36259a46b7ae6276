using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace KaPlatform.ServiceDefaults.Input;

/// <summary>
/// Reads a JSON body once, token by token, against the shape of the endpoint's request type before the serializer
/// sees it, and lists every field at fault in plain words. Catches what would otherwise reach PostgreSQL or the
/// serializer's CLR-typed messages: NUL characters, lone surrogates, oversized texts and arrays, numbers beyond
/// numeric(18,2), dates that overflow date arithmetic, wrong kinds of value.
/// </summary>
public sealed class JsonBodyCheck
{
    public const string UnknownReference = "unknown_reference";
    private const int MaxProblems = 50;
    private readonly List<FieldProblem> problems = [];

    public IReadOnlyList<FieldProblem> Problems => problems;

    /// <summary>Checks a whole body; <paramref name="requestType"/> null checks only what every body shares.</summary>
    public static IReadOnlyList<FieldProblem> Run(ReadOnlySpan<byte> body, Type? requestType)
    {
        var check = new JsonBodyCheck();
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = InputLimits.MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read())
            {
                check.Add(new FieldProblem("body", "a JSON body", "expected_json"));
                return check.problems;
            }

            check.Value(ref reader, requestType is null ? null : ExpectedValue.Of(requestType), "");
            if (reader.Read())
            {
                check.Add(new FieldProblem("body", "a single JSON value (something follows the end of it)", "invalid_json"));
            }
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            check.Add(new FieldProblem("body", $"valid JSON (the text breaks at line {line}, column {column}, or nests deeper than {InputLimits.MaxDepth} levels)", "invalid_json",
                new Dictionary<string, object?> { ["line"] = line, ["column"] = column }));
        }

        return check.problems;
    }

    private void Add(FieldProblem problem)
    {
        if (problems.Count < MaxProblems)
        {
            problems.Add(problem);
        }
    }

    private static string Field(string path) => path.Length == 0 ? "body" : path;

    /// <summary>The reader stands on the first token of a value; on return it stands on its last token.</summary>
    private void Value(ref Utf8JsonReader reader, ExpectedValue? expected, string path)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            if (expected is { AllowsNull: false })
            {
                Add(new FieldProblem(Field(path), expected.Words + " (not null)", expected.Code, expected.Params));
            }

            return;
        }

        var kind = expected?.Kind ?? ValueKind.Any;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                if (kind is not (ValueKind.Any or ValueKind.Object or ValueKind.Map))
                {
                    Add(expected!.Problem(Field(path)));
                    Skip(ref reader, path);
                    return;
                }

                Object(ref reader, expected, path);
                return;
            case JsonTokenType.StartArray:
                if (kind is not (ValueKind.Any or ValueKind.Array))
                {
                    Add(expected!.Problem(Field(path)));
                    Skip(ref reader, path);
                    return;
                }

                Array(ref reader, kind == ValueKind.Array && expected!.ItemType is { } item ? ExpectedValue.Of(item) : null, path);
                return;
            case JsonTokenType.String:
                var text = Text(ref reader, path);
                if (text is not null && !StringFits(kind, text, expected))
                {
                    Add(expected!.Problem(Field(path)));
                }
                else if (kind == ValueKind.Uuid && Guid.TryParse(text, out var id) && id == Guid.Empty)
                {
                    // Ids are UUIDv7 (docs/product.md §0): the all-zero UUID names nothing, so it is an unknown reference, not a value to store.
                    Add(new FieldProblem(Field(path), "the id of something that exists (the all-zero UUID names nothing)", UnknownReference));
                }

                return;
            case JsonTokenType.Number:
                if (!NumberFits(ref reader, kind, path) && kind is not ValueKind.Any)
                {
                    Add(expected!.Problem(Field(path)));
                }

                return;
            case JsonTokenType.True or JsonTokenType.False:
                if (kind is not (ValueKind.Any or ValueKind.Boolean))
                {
                    Add(expected!.Problem(Field(path)));
                }

                return;
        }
    }

    private void Object(ref Utf8JsonReader reader, ExpectedValue? expected, string path)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = Text(ref reader, path) ?? "";
            var member = path.Length == 0 ? name : $"{path}.{name}";
            reader.Read();
            ExpectedValue? memberType = expected?.Kind switch
            {
                ValueKind.Object => expected.Properties.TryGetValue(name, out var t) ? ExpectedValue.Of(t) : null,
                ValueKind.Map => expected.ItemType is { } v ? ExpectedValue.Of(v) : null,
                _ => null,
            };
            Value(ref reader, memberType, member);
        }
    }

    private void Array(ref Utf8JsonReader reader, ExpectedValue? item, string path)
    {
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (count == InputLimits.MaxArrayItems)
            {
                Add(new FieldProblem(Field(path), $"at most {InputLimits.MaxArrayItems} entries", "too_many_items",
                    new Dictionary<string, object?> { ["maxItems"] = InputLimits.MaxArrayItems }));
            }

            Value(ref reader, count < InputLimits.MaxArrayItems ? item : null, $"{path}[{count}]");
            count++;
        }
    }

    /// <summary>Walks past a value of the wrong kind, still checking its texts (a NUL must never reach storage).</summary>
    private void Skip(ref Utf8JsonReader reader, string path) => Value(ref reader, null, path);

    /// <summary>The text of a string token or member name, or null when it is refused (the problem is recorded).</summary>
    private string? Text(ref Utf8JsonReader reader, string path)
    {
        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            Add(new FieldProblem(Field(path), "text of valid Unicode characters (it holds a lone surrogate)", "invalid_unicode"));
            return null;
        }

        // The reader turns an unpaired surrogate escape (\ud800) into U+FFFD instead of failing: a U+FFFD the client
        // did not send (neither as UTF-8 nor as \ufffd) means the text was not valid Unicode.
        if (text.Contains('\uFFFD') && !SentReplacementCharacter(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan))
        {
            Add(new FieldProblem(Field(path), "text of valid Unicode characters (it holds a lone surrogate)", "invalid_unicode"));
            return null;
        }

        if (text.Contains('\0'))
        {
            Add(new FieldProblem(Field(path), "text without NUL (\\u0000) characters", "nul_character"));
            return null;
        }

        if (text.Length > InputLimits.MaxTextLength)
        {
            Add(new FieldProblem(Field(path), $"at most {InputLimits.MaxTextLength} characters", "too_long",
                new Dictionary<string, object?> { ["maxLength"] = InputLimits.MaxTextLength }));
            return null;
        }

        return text;
    }

    private static bool SentReplacementCharacter(ReadOnlySpan<byte> raw) =>
        raw.IndexOf("\uFFFD"u8) >= 0 || raw.IndexOf("\\ufffd"u8) >= 0 || raw.IndexOf("\\uFFFD"u8) >= 0;

    private static bool StringFits(ValueKind kind, string text, ExpectedValue? expected) => kind switch
    {
        ValueKind.Any or ValueKind.Text => true,
        ValueKind.Uuid => Guid.TryParseExact(text, "D", out _),
        ValueKind.Date => FlexibleDate.TryParse(text, out var date) && InputLimits.InRange(date),
        ValueKind.Instant => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                             && text.Contains('T') && InputLimits.InRange(DateOnly.FromDateTime(at.UtcDateTime)),
        ValueKind.Enum => expected!.EnumValues.Contains(text, StringComparer.OrdinalIgnoreCase),
        _ => false,
    };

    private bool NumberFits(ref Utf8JsonReader reader, ValueKind kind, string path)
    {
        if (!reader.TryGetDecimal(out var number) || Math.Abs(number) >= InputLimits.MaxMagnitude)
        {
            Add(new FieldProblem(Field(path), $"a number between -{InputLimits.MaxMagnitude - 1:N0} and {InputLimits.MaxMagnitude - 1:N0}", "number_out_of_range",
                new Dictionary<string, object?> { ["max"] = InputLimits.MaxMagnitude - 1 }));
            return true; // already reported
        }

        return kind switch
        {
            ValueKind.Any or ValueKind.Number => true,
            ValueKind.Integer => reader.TryGetInt32(out _) || reader.TryGetInt64(out _),
            _ => false,
        };
    }
}
