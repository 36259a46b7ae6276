using KaPlatform.ServiceDefaults.OpenApi;
namespace KaPlatform.Accounts.Api.Users;

/// <summary>docs/product.md §6 user directory; accounts-api is its home because owners and team members are accounts' people.</summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Users");
        group.MapGet("/", SearchUsers.HandleAsync)
            .WithSummary("Find platform users by name (for pickers)");
        group.MapGet("/{id:guid}", SearchUsers.GetAsync)
            .WithSummary("One platform user");
        group.MapPost("/me", RecordSignIn.HandleAsync)
            .WithSummary("Record the caller's sign-in and return their user record");
        group.MapGet("/me/views", SavedViews.ListAsync)
            .WithSummary("The caller's saved views of a list");
        group.MapPut("/me/views", SavedViews.SaveAsync).Refuses("too_many_views")
            .WithSummary("Save (or replace by name) one of the caller's list views");
        group.MapDelete("/me/views", SavedViews.DeleteAsync)
            .WithSummary("Delete one of the caller's saved views");
        group.MapPost("/import", ImportUsers.HandleAsync).DisableAntiforgery()
            .WithSummary("Import platform users from CSV (admin)");
        return app;
    }
}
