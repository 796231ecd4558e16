using Portal.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortalWeb();
var app = builder.Build();
app.MapPortal();
app.Run();

/// <summary>Entry point; public so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
