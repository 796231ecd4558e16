using Microsoft.AspNetCore.Connections;
using Portal.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortalWeb();
var app = builder.Build();
app.MapPortal();
try
{
    app.Run();
}
catch (IOException ex) when (ex.InnerException is AddressInUseException)
{
    // A newcomer's most likely first failure: say what to change rather than print a stack trace.
    Console.Error.WriteLine($"Portal could not start: {ex.Message} Another program (or another Portal) listens there; set PORTAL_PORT to a free port, or stop that program.");
    return 1;
}

return 0;

/// <summary>Entry point; public so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
