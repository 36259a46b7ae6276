using System.Text.Json;
using System.Text.RegularExpressions;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace KaPlatform.ServiceDefaults.Problems;

/// <summary>
/// Malformed input the guard did not catch first (binding failures) is still the caller's fault: 400 (413 when too
/// large) with the field at fault in plain words, worked out from the endpoint's own types — never the binder's or
/// the serializer's message, which name CLR types and parser internals.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        if (bad.StatusCode is StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType)
        {
            var code = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "body_too_large" : "unsupported_media_type";
            var detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "Send the body as application/json.";
            return await BusinessRuleExceptionHandler.WriteAsync(problems, context, new BusinessRuleException(code, detail, bad.StatusCode), exception);
        }

        var inputs = context.GetEndpoint() is { } endpoint ? EndpointInputs.Of(endpoint) : null;
        return await BusinessRuleExceptionHandler.WriteAsync(problems, context, FieldProblem.Refuse([Describe(bad, inputs)]), exception);
    }

    private static FieldProblem Describe(BadHttpRequestException bad, EndpointInputs? inputs)
    {
        if (FindJsonException(bad) is { } json)
        {
            var field = FieldOf(json.Path);
            var type = TypeAt(inputs?.BodyType, json.Path);
            return type is null
                ? new FieldProblem(field, "a value of the documented type (see /openapi)", "invalid_value")
                : ExpectedValue.Of(type).Problem(field);
        }

        if (BindFailure().Match(bad.Message) is { Success: true } failed)
        {
            var name = failed.Groups["name"].Value;
            return inputs?.Query.TryGetValue(name, out var type) == true
                ? ExpectedValue.Of(type).Problem(name)
                : new FieldProblem(name, "a value of the documented type (see /openapi)", "invalid_value");
        }

        if (Missing().Match(bad.Message) is { Success: true } missing)
        {
            var from = missing.Groups["from"].Value;
            return from.StartsWith("body", StringComparison.Ordinal)
                ? new FieldProblem("body", "a JSON body", "required")
                : new FieldProblem(missing.Groups["name"].Value, "a value (required)", "required");
        }

        return new FieldProblem("body", "a well-formed request", "malformed_request");
    }

    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    /// <summary>The CLR type at a serializer path such as `$.team[0].role`, or null when it cannot be followed.</summary>
    public static Type? TypeAt(Type? root, string? path)
    {
        if (root is null || string.IsNullOrEmpty(path))
        {
            return root;
        }

        var type = root;
        foreach (Match step in PathStep().Matches(path))
        {
            var expected = ExpectedValue.Of(type);
            if (step.Groups["index"].Success)
            {
                type = expected.ItemType;
            }
            else
            {
                var name = step.Groups["name"].Success ? step.Groups["name"].Value : step.Groups["quoted"].Value;
                type = expected.Kind == ValueKind.Map ? expected.ItemType : expected.Properties.GetValueOrDefault(name);
            }

            if (type is null)
            {
                return null;
            }
        }

        return type;
    }

    private static JsonException? FindJsonException(Exception e)
    {
        for (var current = e.InnerException; current is not null; current = current.InnerException)
        {
            if (current is JsonException json)
            {
                return json;
            }
        }

        return null;
    }

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>[^ "]+)" from""")]
    private static partial Regex BindFailure();

    [GeneratedRegex("""^Required parameter "(?<type>.+) (?<name>[^ "]+)" was not provided from (?<from>.+)\.$""")]
    private static partial Regex Missing();

    [GeneratedRegex(@"\.(?<name>[A-Za-z0-9_]+)|\['(?<quoted>[^']*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex PathStep();
}
