using KaPlatform.ServiceDefaults.Http;

namespace KaPlatform.Opportunities.Api.Products;

public static class ProductsApi
{
    public static RouteGroupBuilder MapProductsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/products").WithTags("Products");
        group.MapPost("/", CreateProduct.HandleAsync)
            .WithSummary("Add a product to the catalogue (admin)");
        group.MapGet("/", ListProducts.HandleAsync)
            .WithSummary("The product catalogue");
        group.MapGet("/families", ListProducts.FamiliesAsync)
            .WithSummary("The product families in the catalogue");
        group.MapGet("/{id:guid}", ListProducts.GetAsync)
            .WithSummary("One product");
        group.MapPatch("/{id:guid}", UpdateProduct.HandleAsync).ChecksIfMatch()
            .WithSummary("Change or retire a product (admin)");
        group.MapPost("/import", ImportProducts.HandleAsync).DisableAntiforgery()
            .WithSummary("Import products from CSV or XLSX (admin)");
        return group;
    }
}
