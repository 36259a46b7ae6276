using KaPlatform.Gateway.ApiDocs;
using KaPlatform.Gateway.Auth;
using KaPlatform.Gateway.Health;
using KaPlatform.Gateway.Hosting;
using KaPlatform.Gateway.RateLimiting;
using KaPlatform.Gateway.Routing;
using KaPlatform.ServiceDefaults;
using KaPlatform.Workspace;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDevTokenBindGuard();
builder.AddGatewayOptions();
builder.AddCallerRateLimiting();
builder.AddGatewayHealthChecks();
builder.AddServiceRoutes();
builder.AddWorkspace();
builder.AddGatewayCompression();

var app = builder.Build();

// First, so the workspace's files and the proxied answers alike leave compressed when the client asks for it.
app.UseGatewayCompression();
// The workspace's files are served before routing: the catch-all 404 endpoint would otherwise claim their paths.
app.UseWorkspace();
app.UseRouting();
app.UseGatewayPipeline();
app.MapGatewayHealthEndpoints();
app.MapDevTokenEndpoint();
app.MapApiDocs();
app.MapServiceProxy();
app.MapUnknownRoutesToNotFound();

app.Run();

public partial class Program;
