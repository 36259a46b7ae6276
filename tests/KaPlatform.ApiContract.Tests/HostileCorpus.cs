using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KaPlatform.ApiContract.Tests;

/// <summary>One hostile request: a query string and/or a body. <see cref="MustRefuse"/>: malformed, so 4xx and nothing stored.</summary>
public sealed record Variant(string Label, string Query, string? ContentType, byte[]? Body, bool MustRefuse);

/// <summary>
/// The malformed corpus for one operation, generated from its OpenAPI description: wrong kinds, NUL, lone surrogates,
/// oversized texts and arrays, extreme numbers and dates, forged cursors, broken JSON and multipart. Exotic but valid
/// text (emoji, right-to-left, injection strings) is sent too; it may be accepted, never with a 5xx.
/// </summary>
public static class HostileCorpus
{
    public const int MinimumPerOperation = 40;
    private const string Json = "application/json";

    private static readonly string[] BrokenJson =
    [
        "{", "[", "{\"a\":}", "{'a':1}", "{\"a\":1,}", "tru", "{\"a\" 1}", "{\"a\":\"\\x\"}", "{\"a\":NaN}", "{\"a\":Infinity}",
        "{\"a\":-}", "{\"a\":01}", "{\"a\":\"unterminated}", "{\"a\":1}}", "{} trailing", "/* comment */ {}", "{\"a\":.5}", "{\"a\":+1}",
        "{\"a\":\"\\u12\"}", "\"\\uD800\"", "[1,2,", "{\"a\":[}",
    ];

    private static readonly string[] ExoticTexts =
    [
        "😀🚀 客户", "\u202Eمرحبا بالعالم\u202C", "'; DROP TABLE accounts; --", "<script>alert(1)</script>", "${jndi:ldap://x/a}", "../../etc/passwd",
        "\u200B\u200D零宽", "Ω≈ç√∫˜µ≤≥÷", "%00%27%22", " ",
    ];

    public static List<Variant> For(Operation operation)
    {
        var variants = new List<Variant>();
        var schema = operation.RequestSchema;
        if (operation.IsWrite)
        {
            BodyLevel(variants, schema is not null);
            if (schema is { } s)
            {
                Properties(variants, operation, s);
            }
        }

        if (operation.Path.EndsWith("/import", StringComparison.Ordinal))
        {
            Csv(variants);
        }

        Query(variants, operation);

        // Routes with little to vary still get the full corpus: more broken bodies, more hostile query strings.
        for (var i = 0; variants.Count < MinimumPerOperation; i++)
        {
            variants.Add(operation.IsWrite
                ? Raw($"broken JSON #{i}", BrokenJson[i % BrokenJson.Length] + new string(' ', i / BrokenJson.Length))
                : new Variant($"NUL in an unknown parameter #{i}", $"zz{i}=a%00b", null, null, true));
        }

        return variants;
    }

    /// <summary>Exotic but valid texts in every string member: accepted or refused, never a 5xx.</summary>
    public static List<Variant> Exotic(Operation operation)
    {
        var variants = new List<Variant>();
        if (operation.RequestSchema is { } schema && Members(operation, schema).ToList() is { Count: > 0 } members)
        {
            foreach (var text in ExoticTexts)
            {
                var body = new JsonObject();
                foreach (var (name, member) in members.Where(m => TypeOf(m.Schema) == "string" && !m.Schema.TryGetProperty("format", out _)))
                {
                    body[name] = text;
                }

                variants.Add(new Variant($"exotic text {text}", "", Json, Encoding.UTF8.GetBytes(body.ToJsonString()), false));
            }
        }

        return variants;
    }

    private static void BodyLevel(List<Variant> variants, bool hasBody)
    {
        variants.Add(Raw("broken JSON", "{\"a\":"));
        variants.Add(Raw("raw NUL byte", "{\"a\":\"x\0y\"}"));
        variants.Add(Raw("escaped NUL", "{\"zz\":\"x\\u0000y\"}"));
        variants.Add(Raw("lone surrogate", "{\"zz\":\"\\ud800\"}"));
        variants.Add(Raw("text over the limit", $"{{\"zz\":\"{new string('长', 20_001)}\"}}"));
        variants.Add(Raw("array over the limit", $"{{\"zz\":[{string.Join(',', Enumerable.Repeat("1", 10_000))}]}}"));
        variants.Add(Raw("number beyond decimal", "{\"zz\":1e400}"));
        variants.Add(Raw("nested 200 deep", new string('[', 200) + new string(']', 200)));
        variants.Add(Raw("trailing garbage", "{} x"));
        variants.Add(new Variant("invalid UTF-8", "", Json, [(byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)'}'], true));
        variants.Add(new Variant("2 MB body", "", Json, Encoding.UTF8.GetBytes($"{{\"zz\":\"{new string('a', 2 * 1024 * 1024)}\"}}"), true));
        variants.Add(Raw("NUL in a member name", "{\"a\\u0000b\":1}"));
        if (hasBody)
        {
            variants.Add(Raw("a string, not an object", "\"text\""));
            variants.Add(Raw("a number, not an object", "123"));
            // Some routes take an array at the root (a team) or no body at all (win without a date): may be accepted.
            variants.Add(Raw("an array, not an object", "[]") with { MustRefuse = false });
            variants.Add(Raw("empty body", "") with { MustRefuse = false });
            variants.Add(new Variant("text/plain body", "", "text/plain", Encoding.UTF8.GetBytes("{}"), true));
            variants.Add(new Variant("broken multipart", "", "multipart/form-data; boundary=XYZ", Encoding.UTF8.GetBytes("--XYZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nabc"), true));
        }
    }

    /// <summary>The CSV import reads text/csv or one multipart file, not JSON.</summary>
    private static void Csv(List<Variant> variants)
    {
        Variant Text(string label, byte[] body, bool mustRefuse = true) => new(label, "", "text/csv", body, mustRefuse);
        variants.Add(Text("CSV with NUL", Encoding.UTF8.GetBytes("name,region\n中\0文,华东\n")));
        variants.Add(Text("CSV not UTF-8", [(byte)'n', (byte)'a', (byte)'m', (byte)'e', (byte)'\n', 0xFF, 0xFE]));
        variants.Add(Text("CSV without a header", []));
        variants.Add(Text("CSV with an unterminated quote", Encoding.UTF8.GetBytes("name,region\n\"abc,华东\n"), mustRefuse: false));
        variants.Add(new Variant("multipart cut short", "", "multipart/form-data; boundary=XYZ",
            Encoding.UTF8.GetBytes("--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nname,region\n"), true));
        variants.Add(new Variant("multipart without a boundary", "", "multipart/form-data", Encoding.UTF8.GetBytes("garbage"), true));
        variants.Add(new Variant("multipart with a bad boundary line", "", "multipart/form-data; boundary=XYZ", Encoding.UTF8.GetBytes("--ABC\r\n\r\nx\r\n--ABC--"), true));
        variants.Add(new Variant("multipart file with NUL", "", "multipart/form-data; boundary=XYZ",
            Encoding.UTF8.GetBytes("--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\nname,region\n\0,华东\n\r\n--XYZ--\r\n"), true));
    }

    private static void Properties(List<Variant> variants, Operation operation, JsonElement schema)
    {
        foreach (var (name, member) in Members(operation, schema))
        {
            foreach (var (label, value) in Malformed(operation, member))
            {
                variants.Add(Body($"{name}: {label}", new JsonObject { [name] = value?.DeepClone() }));
            }
        }
    }

    private static IEnumerable<(string Label, JsonNode? Value)> Malformed(Operation operation, JsonElement schema)
    {
        var type = TypeOf(schema);
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        switch (type, format)
        {
            case ("string", "date"):
                yield return ("year 1", "0001-01-01");
                yield return ("year 9999", "9999-12-31");
                yield return ("30 February", "2026-02-30");
                yield return ("words", "next tuesday");
                yield return ("a number", 20261201);
                yield return ("NUL", "2026-01-01\u0000");
                break;
            case ("string", "date-time"):
                yield return ("year 1", "0001-01-01T00:00:00Z");
                yield return ("year 9999", "9999-12-31T23:59:59Z");
                yield return ("words", "yesterday");
                yield return ("a number", 12);
                break;
            case ("string", "uuid"):
                yield return ("not a UUID", "not-a-uuid");
                yield return ("a number", 123);
                yield return ("NUL", "\u0000");
                yield return ("nearly a UUID", "00000000-0000-0000-0000-00000000000g");
                break;
            case ("string", _):
                yield return ("a number", 12345);
                yield return ("an object", new JsonObject { ["x"] = 1 });
                yield return ("an array", new JsonArray("a"));
                yield return ("NUL", "前\u0000后");
                yield return ("20,001 characters", new string('字', 20_001));
                yield return ("lone surrogate", LoneSurrogateMarker);
                break;
            case ("integer", _):
                yield return ("words", "five");
                yield return ("a fraction", 1.5m);
                yield return ("beyond 64 bits", JsonNode.Parse("99999999999999999999999"));
                yield return ("an object", new JsonObject());
                break;
            case ("number", _):
                yield return ("words", "abc");
                yield return ("beyond decimal", JsonNode.Parse("79228162514264337593543950336"));
                yield return ("10^20", JsonNode.Parse("-1e20"));
                yield return ("true", true);
                break;
            case ("boolean", _):
                yield return ("words", "yes");
                yield return ("a number", 1);
                break;
            case ("array", _):
                yield return ("a string", "not an array");
                yield return ("an object", new JsonObject());
                yield return ("10,000 entries", new JsonArray(Enumerable.Range(0, 10_000).Select(_ => (JsonNode?)Sample(operation, schema)).ToArray()));
                yield return ("entries of the wrong kind", new JsonArray(new JsonObject { ["x"] = "\u0000" }, 5, "x"));
                if (schema.TryGetProperty("items", out var items) && TypeOf(Unwrap(operation, items)) == "object")
                {
                    foreach (var (name, member) in Members(operation, Unwrap(operation, items)))
                    {
                        yield return ($"[0].{name} NUL or wrong kind", new JsonArray(new JsonObject { [name] = TypeOf(member) == "string" ? 12345 : "\u0000" }));
                    }
                }

                break;
            case ("object", _):
                yield return ("a string", "text");
                yield return ("an array", new JsonArray());
                foreach (var (name, member) in Members(operation, schema))
                {
                    yield return ($".{name} NUL or wrong kind", new JsonObject { [name] = TypeOf(member) == "string" ? new JsonArray(1) : "\u0000" });
                }

                break;
            default:
                yield return ("NUL", "\u0000");
                break;
        }
    }

    private static void Query(List<Variant> variants, Operation operation)
    {
        foreach (var parameter in operation.Parameters("query"))
        {
            var name = parameter.GetProperty("name").GetString()!;
            var schema = parameter.TryGetProperty("schema", out var s) ? Unwrap(operation, s) : default;
            var type = schema.ValueKind == JsonValueKind.Object ? TypeOf(schema) : "string";
            var format = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("format", out var f) ? f.GetString() : null;
            variants.Add(Q(name, "NUL", "a%00b"));
            variants.Add(Q(name, "501 characters", new string('q', 501)));
            switch (type, format, name)
            {
                case (_, _, "cursor"):
                    foreach (var (label, key) in ForgedCursors())
                    {
                        // A well-formed key we could have written (a date and an id) may simply page past the end.
                        variants.Add(Q(name, label, Uri.EscapeDataString(key)) with { MustRefuse = !label.Contains("year 1", StringComparison.Ordinal) });
                    }

                    break;
                case (_, _, "limit"):
                    variants.Add(Q(name, "zero", "0"));
                    variants.Add(Q(name, "huge", "100000"));
                    variants.Add(Q(name, "words", "all"));
                    break;
                case ("string", "date", _):
                    variants.Add(Q(name, "year 1", "0001-01-01"));
                    variants.Add(Q(name, "year 9999", "9999-12-31"));
                    variants.Add(Q(name, "month 13", "2026-13-45"));
                    variants.Add(Q(name, "another format", "01/12/2026"));
                    break;
                case ("string", "uuid", _):
                    variants.Add(Q(name, "not a UUID", "zzz"));
                    break;
                case ("integer", _, _):
                    variants.Add(Q(name, "negative", "-1") with { MustRefuse = false });
                    variants.Add(Q(name, "beyond 32 bits", "99999999999"));
                    variants.Add(Q(name, "words", "abc"));
                    break;
                case ("boolean", _, _):
                    variants.Add(Q(name, "words", "maybe"));
                    break;
                default:
                    variants.Add(Q(name, "injection", Uri.EscapeDataString("' OR 1=1 --")) with { MustRefuse = false });
                    variants.Add(Q(name, "lone surrogate (percent-encoded)", "%ED%A0%80") with { MustRefuse = false });
                    break;
            }
        }
    }

    private static IEnumerable<(string Label, string Cursor)> ForgedCursors()
    {
        static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        yield return ("forged cursor: word", B64("x"u8.ToArray()));
        yield return ("forged cursor: NUL", B64([0]));
        yield return ("forged cursor: two parts", B64("9999999999999999999|zzz"u8.ToArray()));
        yield return ("forged cursor: invalid UTF-8", B64([0xFF, 0xFE, 0xFD]));
        yield return ("forged cursor: not base64", "!!!");
        yield return ("forged cursor: year 1 and an id", B64(Encoding.UTF8.GetBytes("0001-01-01|" + Guid.Empty)));
        yield return ("forged cursor: long", B64(Encoding.UTF8.GetBytes(new string('9', 600))));
        yield return ("forged cursor: text and id", B64(Encoding.UTF8.GetBytes("名字\u0000|" + Guid.NewGuid())));
    }

    private static JsonNode? Sample(Operation operation, JsonElement arraySchema)
    {
        var items = arraySchema.TryGetProperty("items", out var i) ? Unwrap(operation, i) : default;
        var type = items.ValueKind == JsonValueKind.Object ? TypeOf(items) : "string";
        return type switch
        {
            "object" => new JsonObject(),
            "integer" or "number" => 1,
            _ when items.ValueKind == JsonValueKind.Object && items.TryGetProperty("format", out var f) && f.GetString() == "uuid" => Guid.NewGuid().ToString(),
            _ => "x",
        };
    }

    public static IEnumerable<(string Name, JsonElement Schema)> Members(Operation operation, JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties)
            ? properties.EnumerateObject().Select(p => (p.Name, Unwrap(operation, p.Value)))
            : [];

    /// <summary>A member's own schema: its $ref followed, and a nullable `oneOf: [null, X]` reduced to X.</summary>
    public static JsonElement Unwrap(Operation operation, JsonElement schema)
    {
        schema = Operation.Resolve(operation.Document, schema);
        foreach (var combinator in new[] { "oneOf", "anyOf" })
        {
            if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty(combinator, out var options)
                && options.EnumerateArray().Select(o => Operation.Resolve(operation.Document, o)).FirstOrDefault(o => TypeOf(o) != "null") is { ValueKind: JsonValueKind.Object } option)
            {
                return option;
            }
        }

        return schema;
    }

    /// <summary>The JSON type of a schema, looking through 3.1's `["string", "null"]` and `oneOf` with null.</summary>
    public static string TypeOf(JsonElement schema)
    {
        if (schema.TryGetProperty("type", out var type))
        {
            return type.ValueKind == JsonValueKind.Array
                ? type.EnumerateArray().Select(t => t.GetString()!).FirstOrDefault(t => t != "null") ?? "null"
                : type.GetString()!;
        }

        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out var options))
            {
                var types = options.EnumerateArray().Select(TypeOf).Where(t => t != "null").ToList();
                if (types.Count > 0)
                {
                    return types[0];
                }
            }
        }

        return schema.TryGetProperty("properties", out _) ? "object" : "any";
    }

    private static Variant Raw(string label, string body) => new(label, "", Json, Encoding.UTF8.GetBytes(body), true);

    private static Variant Body(string label, JsonObject body) =>
        new(label, "", Json, Encoding.UTF8.GetBytes(body.ToJsonString().Replace(LoneSurrogateMarker, "\\ud800", StringComparison.Ordinal)), true);

    // A .NET string holding a lone surrogate is written by System.Text.Json as an escaped U+FFFD (a valid character the
    // service rightly keeps), so the unpaired escape is put into the JSON text after serialising.
    private const string LoneSurrogateMarker = "LONE-SURROGATE-0d7f";

    private static Variant Q(string name, string label, string value) => new($"?{name}: {label}", $"{name}={value}", null, null, true);
}
