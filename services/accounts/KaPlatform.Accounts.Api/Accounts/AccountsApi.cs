using KaPlatform.ServiceDefaults.OpenApi;
using KaPlatform.ServiceDefaults.Lists;

namespace KaPlatform.Accounts.Api.Accounts;

public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/accounts").WithTags("Accounts");
        group.MapPost("/", RegisterAccount.HandleAsync).Refuses("unknown_parent", "region_out_of_scope");
        group.MapGet("/", ListAccounts.HandleAsync);
        group.MapGet("/export", ExportAccounts.HandleAsync).Refuses("export_too_large").ProducesFile();
        group.MapGet("/search", Search.SearchAccounts.HandleAsync).WithTags("Search");
        group.MapPost("/import", ImportAccounts.HandleAsync).DisableAntiforgery();
        group.MapGet("/{id:guid}", GetAccount.HandleAsync);
        group.MapPatch("/{id:guid}", UpdateAccount.HandleAsync).Refuses("unknown_parent", "hierarchy_cycle");
        group.MapPut("/{id:guid}/team", ReplaceTeam.HandleAsync);
        group.MapGet("/{id:guid}/hierarchy", AccountHierarchy.HandleAsync);
        return app;
    }
}
