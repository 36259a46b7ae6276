namespace KaPlatform.Accounts.Api.Accounts;

public static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/accounts").WithTags("Accounts");
        group.MapPost("/", RegisterAccount.HandleAsync);
        group.MapGet("/{id:guid}", GetAccount.HandleAsync);
        return group;
    }
}
