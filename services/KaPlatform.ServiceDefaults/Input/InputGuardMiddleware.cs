using System.Net.Mime;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http;

namespace KaPlatform.ServiceDefaults.Input;

/// <summary>
/// One gate for hostile input on every route of every service, present and future (docs/api-contract.md): the query
/// string and a JSON body are checked against what the endpoint binds before any handler runs, so bad input is a
/// 400 problem with field errors and nothing is stored.
/// </summary>
public sealed class InputGuardMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is not { } endpoint)
        {
            await next(context);
            return;
        }

        var inputs = EndpointInputs.Of(endpoint);
        var problems = QueryCheck.Run(context.Request.Query, inputs).ToList();
        if (IsJson(context.Request) && !HttpMethods.IsGet(context.Request.Method))
        {
            var body = await ReadBodyAsync(context.Request);
            if (body.Length > 0)
            {
                problems.AddRange(JsonBodyCheck.Run(body, inputs.BodyType));
            }

            context.Request.Body = new MemoryStream(body, writable: false);
            context.Request.ContentLength = body.Length;
        }

        if (problems.Count > 0 && problems.All(p => p.Code == JsonBodyCheck.UnknownReference))
        {
            // Well-formed, but pointing at nothing: a business refusal (422) like any other unknown reference.
            throw new BusinessRuleException(JsonBodyCheck.UnknownReference, "The request refers to something that does not exist.", StatusCodes.Status422UnprocessableEntity,
                new Dictionary<string, object?> { ["params"] = new Dictionary<string, object?> { ["fields"] = problems.Select(p => p.Field).ToArray() } });
        }

        if (problems.Count > 0)
        {
            throw FieldProblem.Refuse(problems);
        }

        await next(context);
    }

    private static bool IsJson(HttpRequest request) =>
        request.ContentType is { } type
        && (type.StartsWith(MediaTypeNames.Application.Json, StringComparison.OrdinalIgnoreCase)
            || type.Split(';')[0].EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > InputLimits.MaxJsonBodyBytes)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > InputLimits.MaxJsonBodyBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static BusinessRuleException TooLarge() =>
        new("body_too_large", $"A JSON body is limited to {InputLimits.MaxJsonBodyBytes / 1024} KiB.", StatusCodes.Status413PayloadTooLarge,
            new Dictionary<string, object?> { ["params"] = new Dictionary<string, object?> { ["maxBytes"] = InputLimits.MaxJsonBodyBytes } });
}
