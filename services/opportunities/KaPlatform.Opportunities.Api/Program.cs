using KaPlatform.Opportunities.Api;
using KaPlatform.ServiceDefaults;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapApplicationEndpoints();
app.Run();

public partial class Program;
