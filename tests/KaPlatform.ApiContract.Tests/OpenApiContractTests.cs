using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace KaPlatform.ApiContract.Tests;

/// <summary>
/// docs/product.md §0: each service's OpenAPI 3.1 document, served through the gateway, lists every route of docs/product.md and only
/// routes that answer; every operation documents its problem answers with their codes; /api-docs renders them offline.
/// </summary>
public sealed class OpenApiContractTests(ApiContractFixture platform)
{
    /// <summary>The routes of docs/product.md §1–§4 and §6 (audit, user directory) as `METHOD /path` with route values as {}.</summary>
    private static readonly Dictionary<string, string[]> DocumentedRoutes = new()
    {
        ["accounts"] =
        [
            "POST /api/accounts", "GET /api/accounts", "GET /api/accounts/{}", "PATCH /api/accounts/{}", "GET /api/accounts/{}/hierarchy",
            "PUT /api/accounts/{}/team", "POST /api/accounts/{}/assessments", "GET /api/accounts/{}/classification",
            "GET /api/accounts/settings/classification", "PUT /api/accounts/settings/classification",
            "POST /api/accounts/{}/stakeholders", "GET /api/accounts/{}/stakeholders", "PATCH /api/accounts/{}/stakeholders/{}",
            "POST /api/accounts/{}/stakeholders/{}/departure", "GET /api/accounts/{}/power-map",
            "POST /api/accounts/{}/interactions", "GET /api/accounts/{}/interactions", "GET /api/interactions",
            "POST /api/accounts/{}/plans", "GET /api/accounts/{}/plans/{}", "PATCH /api/accounts/{}/plans/{}",
            "POST /api/accounts/{}/plans/{}/approve", "POST /api/accounts/{}/plans/{}/reviews", "GET /api/accounts/{}/plans/{}/progress",
            // The user directory (docs/product.md §6, issue 12), served by accounts-api.
            "GET /api/users", "GET /api/users/{}", "POST /api/users/me", "POST /api/users/import",
        ],
        ["opportunities"] =
        [
            "POST /api/leads", "GET /api/leads", "POST /api/leads/{}/follow-ups", "POST /api/leads/{}/qualify",
            "POST /api/opportunities", "GET /api/opportunities", "GET /api/opportunities/{}", "PATCH /api/opportunities/{}",
            "POST /api/opportunities/{}/stage", "POST /api/opportunities/{}/win", "POST /api/opportunities/{}/lose",
            "POST /api/opportunities/{}/bids", "GET /api/bids/{}", "PATCH /api/bids/{}", "POST /api/bids/{}/decision",
            "POST /api/bids/{}/submit", "POST /api/bids/{}/outcome", "GET /api/bids", "POST /api/targets", "PATCH /api/targets/{}",
            "GET /api/forecast", "GET /api/funnel",
        ],
        ["contracts"] =
        [
            "GET /api/contracts", "GET /api/contracts/{}", "PATCH /api/contracts/{}", "POST /api/contracts/{}/sign",
            "POST /api/contracts/{}/deliveries", "POST /api/contracts/{}/acceptance", "PUT /api/contracts/{}/payment-plan",
            "POST /api/contracts/{}/evidence", "POST /api/contracts/{}/milestones/{}/invoices", "POST /api/payments",
            "POST /api/contracts/{}/milestones/{}/follow-ups", "POST /api/collections/overdue-scan", "GET /api/collections/aging",
            "GET /api/collections/dso", "GET /api/collections/battle-map",
        ],
        ["success"] =
        [
            "GET /api/success/accounts/{}/health", "GET /api/success/accounts/{}/health/history", "GET /api/success/alerts",
            "POST /api/success/alerts/{}/acknowledge", "POST /api/success/alerts/{}/resolve", "GET /api/success/renewals",
            "GET /api/success/revenue", "POST /api/success/accounts/{}/reviews",
        ],
    };

    [Fact]
    public async Task Each_document_is_OpenAPI_3_1_through_the_gateway_and_lists_every_documented_route()
    {
        var documents = await OpenApiDocuments.LoadAsync(platform.Gateway);
        foreach (var (service, document) in documents)
        {
            Assert.StartsWith("3.1", document.GetProperty("openapi").GetString());
            var documented = OpenApiDocuments.Operations(service, document).Select(o => $"{o.Method} {OpenApiDocuments.Shape(o.Path)}").ToHashSet();
            var missing = DocumentedRoutes[service].Where(r => !documented.Contains(r)).ToList();
            Assert.True(missing.Count == 0, $"{service}: documented routes missing from the document: {string.Join(", ", missing)}");
        }
    }

    [Fact]
    public async Task Every_documented_operation_answers_and_documents_its_answers()
    {
        var documents = await OpenApiDocuments.LoadAsync(platform.Gateway);
        var faults = new List<string>();
        foreach (var (service, document) in documents)
        {
            using var client = platform.Direct(service);
            foreach (var operation in OpenApiDocuments.Operations(service, document))
            {
                // A write gets a broken body: the route must exist and refuse it, so probing changes nothing.
                using var request = new HttpRequestMessage(new HttpMethod(operation.Method), RouteValues.Fill(operation.Path, platform.Ids));
                if (operation.IsWrite)
                {
                    request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{"));
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                }

                using var response = await client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.MethodNotAllowed || text.Contains("\"route_not_found\"", StringComparison.Ordinal))
                {
                    faults.Add($"{operation}: documented but not served ({(int)response.StatusCode})");
                }

                var responses = operation.Body.GetProperty("responses");
                if (!responses.EnumerateObject().Any(r => r.Name.StartsWith('2')))
                {
                    faults.Add($"{operation}: no success response documented");
                }

                foreach (var status in new[] { "400", "401", "503" })
                {
                    if (!responses.TryGetProperty(status, out var problem)
                        || !problem.GetProperty("content").TryGetProperty("application/problem+json", out var media)
                        || media.GetProperty("schema").GetProperty("properties").GetProperty("code").GetProperty("enum").GetArrayLength() == 0)
                    {
                        faults.Add($"{operation}: {status} problem with its codes not documented");
                    }
                }

                if (operation.IsWrite && !responses.TryGetProperty("422", out _))
                {
                    faults.Add($"{operation}: 422 not documented");
                }
            }
        }

        Assert.True(faults.Count == 0, string.Join("\n", faults));
    }

    /// <summary>The writes whose handlers check If-Match (docs/api-contract.md "Optimistic concurrency"), `METHOD /path` as above.</summary>
    private static readonly string[] IfMatchRoutes =
    [
        "PATCH /api/accounts/{}", "PUT /api/accounts/{}/team", "PUT /api/accounts/settings/classification",
        "PATCH /api/accounts/{}/stakeholders/{}", "PUT /api/accounts/settings/behavior-styles", "PATCH /api/accounts/{}/plans/{}",
        "POST /api/accounts/{}/plans/{}/approve",
        "PATCH /api/opportunities/{}", "PATCH /api/opportunities/{}/tasks/{}", "PATCH /api/bids/{}", "PATCH /api/products/{}",
        "PATCH /api/targets/{}", "PUT /api/portfolio/settings",
        "PATCH /api/contracts/{}", "POST /api/contracts/{}/sign", "PUT /api/contracts/{}/payment-plan",
        "POST /api/success/alerts/{}/acknowledge", "POST /api/success/alerts/{}/resolve",
    ];

    /// <summary>
    /// A client (the ERP, the workspace) learns from the document which writes take If-Match: those list the header and
    /// a 412 with `version_conflict`, POSTs such as signing a contract included, and no other write claims either.
    /// </summary>
    [Fact]
    public async Task Exactly_the_writes_that_check_if_match_document_the_header_and_its_412()
    {
        var documents = await OpenApiDocuments.LoadAsync(platform.Gateway);
        var operations = documents.SelectMany(d => OpenApiDocuments.Operations(d.Key, d.Value)).ToList();
        var withHeader = operations.Where(o => o.Parameters("header").Any(p => p.GetProperty("name").GetString() == "If-Match"))
            .Select(o => $"{o.Method} {OpenApiDocuments.Shape(o.Path)}").Order().ToList();
        var with412 = operations.Where(o => o.Body.GetProperty("responses").TryGetProperty("412", out var r)
                && r.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("properties")
                    .GetProperty("code").GetProperty("enum").EnumerateArray().Any(c => c.GetString() == "version_conflict"))
            .Select(o => $"{o.Method} {OpenApiDocuments.Shape(o.Path)}").Order().ToList();

        Assert.Equal(IfMatchRoutes.Order().ToList(), withHeader);
        Assert.Equal(withHeader, with412);
    }

    [Fact]
    public async Task An_unknown_route_is_a_route_not_found_problem_so_the_live_check_can_tell()
    {
        using var client = platform.Direct("accounts");
        using var response = await client.GetAsync("/api/accounts-nope/x");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("\"route_not_found\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Api_docs_page_is_served_from_the_gateway_under_a_self_only_script_policy()
    {
        using var page = await platform.Gateway.GetAsync("/api-docs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy);
        Assert.DoesNotContain("http", html.Replace("http-equiv", ""), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script>", html);

        using var script = await platform.Gateway.GetAsync("/api-docs/api-docs.js");
        var config = await script.Content.ReadAsStringAsync();
        foreach (var service in ApiContractFixture.Services)
        {
            Assert.Contains(service, config);
        }

        using var scalar = await platform.Gateway.GetAsync("/api-docs/scalar.js");
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
        Assert.True((await scalar.Content.ReadAsByteArrayAsync()).Length > 100_000, "the Scalar bundle is served from the gateway");
    }

    [Fact]
    public async Task Documents_carry_limits_bearer_scheme_and_chinese_examples()
    {
        var documents = await OpenApiDocuments.LoadAsync(platform.Gateway);
        var accounts = documents["accounts"].GetRawText();
        Assert.Contains("\"bearer\"", accounts);
        Assert.Contains("\"maxLength\"", accounts);
        Assert.Contains("\"maxItems\"", accounts);
        Assert.Contains("华东", accounts);
        Assert.Contains("idempotency_key_reused", accounts);
    }

    [Fact]
    public async Task Enumerated_query_parameters_list_their_values_and_the_service_accepts_exactly_those()
    {
        // A list filter named like an enumeration of docs/product.md must say its values, and mean them: each listed value answers
        // 200 on the live route, and a value outside the list is a 400 that names the parameter.
        string[] enumerated = ["status", "stage", "type", "kind", "class", "severity", "category", "lifecycleStage"];
        var documents = await OpenApiDocuments.LoadAsync(platform.Gateway);
        var faults = new List<string>();
        var checkedValues = 0;
        foreach (var (service, document) in documents)
        {
            using var client = platform.Direct(service);
            foreach (var operation in OpenApiDocuments.Operations(service, document).Where(o => o.Method == "GET" && !o.Path.Contains('{')))
            {
                foreach (var parameter in operation.Parameters("query").Where(p => enumerated.Contains(p.GetProperty("name").GetString(), StringComparer.OrdinalIgnoreCase)))
                {
                    var name = parameter.GetProperty("name").GetString()!;
                    var schema = Operation.Resolve(document, parameter.GetProperty("schema"));
                    if (!schema.TryGetProperty("enum", out var values) || values.GetArrayLength() == 0)
                    {
                        faults.Add($"{operation} ?{name}: no enum");
                        continue;
                    }

                    var extra = operation.Path == "/api/success/revenue" ? "&from=2026-01-01&to=2026-12-31" : "";
                    foreach (var value in values.EnumerateArray().Select(v => v.GetString()!))
                    {
                        using var ok = await client.GetAsync($"{operation.Path}?{name}={Uri.EscapeDataString(value)}{extra}");
                        checkedValues++;
                        if (ok.StatusCode != HttpStatusCode.OK)
                        {
                            faults.Add($"{operation} ?{name}={value}: {(int)ok.StatusCode}");
                        }
                    }

                    using var bad = await client.GetAsync($"{operation.Path}?{name}=not_a_value{extra}");
                    var body = await bad.Content.ReadAsStringAsync();
                    if (bad.StatusCode != HttpStatusCode.BadRequest || !body.Contains($"\"{name}\"", StringComparison.OrdinalIgnoreCase))
                    {
                        faults.Add($"{operation} ?{name}=not_a_value: {(int)bad.StatusCode} {body}");
                    }
                }
            }
        }

        Assert.True(faults.Count == 0, string.Join("\n", faults));
        Assert.True(checkedValues >= 20, $"only {checkedValues} enumerated values checked");
    }
}
