using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace KaPlatform.Deployment.Tests;

/// <summary>
/// The part of Go's text/template (as Helm uses it) that deploy/helm/kaplatform is written in: text, {{ value }},
/// range over a map or list with $key, $value, if/else/end, pipelines, the functions quote, printf (%s), toYaml,
/// indent and default, and the {{- / -}} whitespace trims. Anything else throws, so the chart cannot drift into
/// syntax this renderer would get wrong.
/// </summary>
public static partial class ChartTemplate
{
    public static string Render(string template, IReadOnlyDictionary<string, object?> root)
    {
        var tokens = Tokenize(template);
        var position = 0;
        var nodes = Parse(tokens, ref position, out var stop);
        if (stop is not null)
        {
            throw new FormatException($"unexpected {{{{ {stop} }}}}");
        }

        var output = new StringBuilder();
        var scope = new Scope(root, new Dictionary<string, object?> { ["$"] = root }, root);
        foreach (var node in nodes)
        {
            node.Write(output, scope);
        }

        return output.ToString();
    }

    private sealed record Token(bool IsAction, string Text);

    private static List<Token> Tokenize(string template)
    {
        var tokens = new List<Token>();
        var at = 0;
        var trimNext = false;
        while (at < template.Length)
        {
            var open = template.IndexOf("{{", at, StringComparison.Ordinal);
            var text = open < 0 ? template[at..] : template[at..open];
            if (trimNext)
            {
                text = text.TrimStart();
            }

            if (open < 0)
            {
                tokens.Add(new Token(false, text));
                break;
            }

            var close = template.IndexOf("}}", open, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException("unclosed {{");
            }

            var action = template[(open + 2)..close];
            if (action.StartsWith('-'))
            {
                text = text.TrimEnd();
                action = action[1..];
            }

            trimNext = action.EndsWith('-');
            if (trimNext)
            {
                action = action[..^1];
            }

            tokens.Add(new Token(false, text));
            tokens.Add(new Token(true, action.Trim()));
            at = close + 2;
        }

        return tokens;
    }

    private static List<Node> Parse(List<Token> tokens, ref int position, out string? stop)
    {
        var nodes = new List<Node>();
        while (position < tokens.Count)
        {
            var token = tokens[position++];
            if (!token.IsAction)
            {
                nodes.Add(new TextNode(token.Text));
                continue;
            }

            var text = token.Text;
            if (text is "end" or "else")
            {
                stop = text;
                return nodes;
            }

            if (text.StartsWith("if ", StringComparison.Ordinal))
            {
                var then = Parse(tokens, ref position, out var end);
                var otherwise = new List<Node>();
                if (end == "else")
                {
                    otherwise = Parse(tokens, ref position, out end);
                }

                Expect(end, "if");
                nodes.Add(new IfNode(text[3..].Trim(), then, otherwise));
            }
            else if (RangePattern().Match(text) is { Success: true } range)
            {
                var body = Parse(tokens, ref position, out var end);
                Expect(end, "range");
                nodes.Add(new RangeNode(range.Groups["key"].Value, range.Groups["value"].Value, range.Groups["source"].Value, body));
            }
            else
            {
                nodes.Add(new ValueNode(text));
            }
        }

        stop = null;
        return nodes;
    }

    private static void Expect(string? end, string block)
    {
        if (end != "end")
        {
            throw new FormatException($"{block} without end");
        }
    }

    [GeneratedRegex(@"^range\s+(?<key>\$\w+)\s*,\s*(?<value>\$\w+)\s*:=\s*(?<source>.+)$")]
    private static partial Regex RangePattern();

    private sealed record Scope(object? Dot, Dictionary<string, object?> Variables, IReadOnlyDictionary<string, object?> Root)
    {
        public Scope With(object? dot, string key, object? keyValue, string value, object? valueValue)
        {
            var variables = new Dictionary<string, object?>(Variables) { [key] = keyValue, [value] = valueValue };
            return this with { Dot = dot, Variables = variables };
        }
    }

    private abstract record Node
    {
        public abstract void Write(StringBuilder output, Scope scope);
    }

    private sealed record TextNode(string Text) : Node
    {
        public override void Write(StringBuilder output, Scope scope) => output.Append(Text);
    }

    private sealed record ValueNode(string Pipeline) : Node
    {
        public override void Write(StringBuilder output, Scope scope) => output.Append(Format(Evaluate(Pipeline, scope)));
    }

    private sealed record IfNode(string Condition, List<Node> Then, List<Node> Otherwise) : Node
    {
        public override void Write(StringBuilder output, Scope scope)
        {
            foreach (var node in IsTrue(Evaluate(Condition, scope)) ? Then : Otherwise)
            {
                node.Write(output, scope);
            }
        }
    }

    private sealed record RangeNode(string Key, string Value, string Source, List<Node> Body) : Node
    {
        public override void Write(StringBuilder output, Scope scope)
        {
            var items = Evaluate(Source, scope) switch
            {
                null => [],
                IDictionary<string, object?> map => map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (Key: (object?)p.Key, p.Value)).ToList(),
                IList<object?> list => list.Select((v, i) => (Key: (object?)i, Value: v)).ToList(),
                var other => throw new FormatException($"cannot range over {other.GetType().Name}"),
            };
            foreach (var (key, value) in items)
            {
                var inner = scope.With(value, Key, key, Value, value);
                foreach (var node in Body)
                {
                    node.Write(output, inner);
                }
            }
        }
    }

    private static object? Evaluate(string pipeline, Scope scope)
    {
        object? piped = null;
        var first = true;
        foreach (var command in pipeline.Split('|', StringSplitOptions.TrimEntries))
        {
            var words = Words(command);
            var arguments = words.Skip(1).Select(w => Operand(w, scope)).ToList();
            if (!first)
            {
                arguments.Add(piped);
            }

            piped = words[0] switch
            {
                "quote" => Quote(Format(Single(arguments, "quote"))),
                "printf" => Printf(Format(arguments[0]), arguments.Skip(1).ToList()),
                "toYaml" => ToYaml(Single(arguments, "toYaml"), 0).TrimEnd('\n'),
                "indent" => Indent(Convert.ToInt32(arguments[0], CultureInfo.InvariantCulture), Format(arguments[1])),
                "default" => IsTrue(arguments[1]) ? arguments[1] : arguments[0],
                var word when arguments.Count == 0 => Operand(word, scope),
                var word => throw new FormatException($"unknown function {word}"),
            };
            first = false;
        }

        return piped;
    }

    private static object? Single(List<object?> arguments, string function) =>
        arguments.Count == 1 ? arguments[0] : throw new FormatException($"{function} takes one argument");

    private static List<string> Words(string command) =>
        WordPattern().Matches(command).Select(m => m.Value).ToList();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|\\S+")]
    private static partial Regex WordPattern();

    private static object? Operand(string word, Scope scope)
    {
        if (word.StartsWith('"'))
        {
            return Regex.Unescape(word[1..^1]);
        }

        if (long.TryParse(word, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        if (word.StartsWith('$'))
        {
            var dot = word.IndexOf('.', StringComparison.Ordinal);
            var name = dot < 0 ? word : word[..dot];
            if (!scope.Variables.TryGetValue(name, out var variable))
            {
                throw new FormatException($"undefined variable {name}");
            }

            return dot < 0 ? variable : Field(variable, word[(dot + 1)..]);
        }

        if (word == ".")
        {
            return scope.Dot;
        }

        if (word.StartsWith('.'))
        {
            return Field(scope.Dot, word[1..]);
        }

        throw new FormatException($"unknown function or value {word}");
    }

    private static object? Field(object? value, string path)
    {
        foreach (var part in path.Split('.'))
        {
            value = value is IDictionary<string, object?> map && map.TryGetValue(part, out var next) ? next : null;
        }

        return value;
    }

    private static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        long n => n != 0,
        System.Collections.ICollection c => c.Count > 0,
        _ => true,
    };

    private static string Format(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string Printf(string format, List<object?> arguments)
    {
        var parts = format.Split("%s");
        if (parts.Length - 1 != arguments.Count)
        {
            throw new FormatException($"printf \"{format}\" given {arguments.Count} arguments");
        }

        var output = new StringBuilder(parts[0]);
        for (var i = 0; i < arguments.Count; i++)
        {
            output.Append(Format(arguments[i])).Append(parts[i + 1]);
        }

        return output.ToString();
    }

    private static string Indent(int spaces, string text) =>
        string.Join('\n', text.Split('\n').Select(line => new string(' ', spaces) + line));

    /// <summary>Block YAML with keys sorted, as Helm's toYaml writes it.</summary>
    private static string ToYaml(object? value, int depth)
    {
        var pad = new string(' ', depth * 2);
        var output = new StringBuilder();
        switch (value)
        {
            case IDictionary<string, object?> map:
                foreach (var (key, item) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (item is IDictionary<string, object?> or IList<object?>)
                    {
                        output.Append(pad).Append(key).Append(":\n").Append(ToYaml(item, depth + 1));
                    }
                    else
                    {
                        output.Append(pad).Append(key).Append(": ").Append(Scalar(item)).Append('\n');
                    }
                }

                break;
            case IList<object?> list:
                foreach (var item in list)
                {
                    output.Append(pad).Append("- ").Append(ToYaml(item, depth + 1).TrimStart()).Append(item is IDictionary<string, object?> ? "" : "\n");
                }

                break;
            default:
                output.Append(Scalar(value));
                break;
        }

        return output.ToString();
    }

    private static string Scalar(object? value) => value switch
    {
        null => "null",
        string s when s.Length == 0 || s.Any(c => ":#{}[],&*!|>'\"%@`".Contains(c)) || s is "true" or "false" || long.TryParse(s, out _) => Quote(s),
        _ => Format(value),
    };
}
