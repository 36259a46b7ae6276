namespace KaPlatform.Opportunities.Api.Products;

public static class ProductsApi
{
    public static RouteGroupBuilder MapProductsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/products").WithTags("Products");
        group.MapPost("/", CreateProduct.HandleAsync);
        group.MapGet("/", ListProducts.HandleAsync);
        group.MapGet("/families", ListProducts.FamiliesAsync);
        group.MapGet("/{id:guid}", ListProducts.GetAsync);
        group.MapPatch("/{id:guid}", UpdateProduct.HandleAsync);
        group.MapPost("/import", ImportProducts.HandleAsync).DisableAntiforgery();
        return group;
    }
}
