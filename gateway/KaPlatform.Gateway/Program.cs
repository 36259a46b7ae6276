using KaPlatform.Gateway.Auth;
using KaPlatform.Gateway.Health;
using KaPlatform.Gateway.Hosting;
using KaPlatform.Gateway.RateLimiting;
using KaPlatform.Gateway.Routing;
using KaPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayOptions();
builder.AddCallerRateLimiting();
builder.AddGatewayHealthChecks();
builder.AddServiceRoutes();

var app = builder.Build();

app.UseGatewayPipeline();
app.MapGatewayHealthEndpoints();
app.MapDevTokenEndpoint();
app.MapReverseProxy();
app.MapUnknownRoutesToNotFound();

app.Run();

public partial class Program;
