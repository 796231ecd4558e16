using Microsoft.AspNetCore.Connections;
using Portal.Data;
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
catch (Exception ex) when (NewerDatabase(ex) is { } newer)
{
    // A downgraded image over the same data: say why in one line instead of a stack trace, exit non-zero.
    Console.Error.WriteLine($"Portal could not start: {newer.Message}");
    return 3;
}

return 0;

static DatabaseNewerThanAppException? NewerDatabase(Exception ex) =>
    ex as DatabaseNewerThanAppException ?? (ex as AggregateException)?.InnerExceptions.OfType<DatabaseNewerThanAppException>().FirstOrDefault();

/// <summary>Entry point; public so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
