using KaPlatform.DevIdentity;
using KaPlatform.DevIdentity.Connect;
using KaPlatform.DevIdentity.SignIn;

var builder = WebApplication.CreateBuilder(args);
builder.AddDevOidcServer();
builder.Services.AddHostedService<LoopbackOnly>();
builder.Services.AddAuthorization();

var app = builder.Build();
app.UseCors();
app.UseAuthentication();
app.UseAuthorization();
app.MapSignInPage();
app.MapConnectEndpoints();
app.MapGet("/health", () => Results.Ok(new { status = "Healthy" }));

app.Run();

public partial class Program;
