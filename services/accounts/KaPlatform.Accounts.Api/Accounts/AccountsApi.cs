using KaPlatform.ServiceDefaults.OpenApi;
using KaPlatform.ServiceDefaults.Lists;
using KaPlatform.ServiceDefaults.Http;

namespace KaPlatform.Accounts.Api.Accounts;

public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/accounts").WithTags("Accounts");
        group.MapPost("/", RegisterAccount.HandleAsync).Refuses("unknown_parent", "region_out_of_scope")
            .WithSummary("Register an account");
        group.MapGet("/", ListAccounts.HandleAsync)
            .WithSummary("Accounts the caller may see, filtered and paged");
        group.MapGet("/export", ExportAccounts.HandleAsync).Refuses("export_too_large").ProducesFile()
            .WithSummary("The filtered, sorted account list as a CSV or XLSX file (same visibility as the list)");
        group.MapGet("/search", Search.SearchAccounts.HandleAsync).WithTags("Search")
            .WithSummary("Find accounts and stakeholders by a substring of their names (global search)");
        group.MapPost("/import", ImportAccounts.HandleAsync).DisableAntiforgery()
            .WithSummary("Import accounts from a CSV file");
        group.MapGet("/{id:guid}", GetAccount.HandleAsync)
            .WithSummary("One account with its team, class and hierarchy position");
        group.MapPatch("/{id:guid}", UpdateAccount.HandleAsync).ChecksIfMatch().Refuses("unknown_parent", "hierarchy_cycle")
            .WithSummary("Change an account");
        group.MapPut("/{id:guid}/team", ReplaceTeam.HandleAsync).ChecksIfMatch()
            .WithSummary("Replace the account team");
        group.MapGet("/{id:guid}/hierarchy", AccountHierarchy.HandleAsync)
            .WithSummary("The group below an account, with roll-ups");
        return app;
    }
}
