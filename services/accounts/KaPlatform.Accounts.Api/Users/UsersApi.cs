using KaPlatform.ServiceDefaults.OpenApi;
namespace KaPlatform.Accounts.Api.Users;

/// <summary>SPEC §6 user directory; accounts-api is its home because owners and team members are accounts' people.</summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Users");
        group.MapGet("/", SearchUsers.HandleAsync);
        group.MapGet("/{id:guid}", SearchUsers.GetAsync);
        group.MapPost("/me", RecordSignIn.HandleAsync);
        group.MapGet("/me/views", SavedViews.ListAsync);
        group.MapPut("/me/views", SavedViews.SaveAsync).Refuses("too_many_views");
        group.MapDelete("/me/views", SavedViews.DeleteAsync);
        group.MapPost("/import", ImportUsers.HandleAsync).DisableAntiforgery();
        return app;
    }
}
