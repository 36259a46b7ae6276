using KaPlatform.Accounts.Api.Classification;
using KaPlatform.Accounts.Api.Interactions;
using KaPlatform.Accounts.Api.Plans;
using KaPlatform.Accounts.Api.Stakeholders;
using KaPlatform.Accounts.Api.Users;
using KaPlatform.ServiceDefaults.Audit;

namespace KaPlatform.Accounts.Api.Accounts;

public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/accounts").WithTags("Accounts");
        group.MapPost("/", RegisterAccount.HandleAsync);
        group.MapGet("/", ListAccounts.HandleAsync);
        group.MapPost("/import", ImportAccounts.HandleAsync).DisableAntiforgery();
        group.MapGet("/{id:guid}", GetAccount.HandleAsync);
        group.MapPatch("/{id:guid}", UpdateAccount.HandleAsync);
        group.MapPut("/{id:guid}/team", ReplaceTeam.HandleAsync);
        group.MapGet("/{id:guid}/hierarchy", AccountHierarchy.HandleAsync);

        app.MapClassificationApi();
        app.MapStakeholdersApi();
        app.MapInteractionsApi();
        app.MapPlansApi();
        app.MapUsersApi();
        app.MapAuditTrail("/api/accounts/audit");
        return app;
    }
}
