using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Portal.Data.Entities;
using Portal.Web.Configuration;

namespace Portal.Web.Security;

/// <summary>On first start (no users yet) creates the Admin role and the <c>admin</c> account.</summary>
public sealed partial class AdminSeeder(IServiceProvider services, WebOptions options, TimeProvider time, ILogger<AdminSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (!await roles.RoleExistsAsync(PortalRoles.Admin))
        {
            await roles.CreateAsync(new IdentityRole(PortalRoles.Admin));
        }

        if (users.Users.Any())
        {
            return;
        }

        var generated = string.IsNullOrEmpty(options.AdminPassword);
        var password = generated ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('/', 'x').Replace('+', 'y') : options.AdminPassword!;
        var admin = new PortalUser { UserName = "admin", CreatedAt = time.GetUtcNow().UtcDateTime };
        var result = await users.CreateAsync(admin, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Cannot create the admin account: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(admin, PortalRoles.Admin);
        if (generated)
        {
            // Printed once, on the console only: it is not stored anywhere in clear.
            Console.WriteLine($"Portal: created user 'admin' with password: {password}");
        }

        LogAdminCreated(logger);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(1, LogLevel.Information, "Created the initial admin account")]
    private static partial void LogAdminCreated(ILogger logger);
}
