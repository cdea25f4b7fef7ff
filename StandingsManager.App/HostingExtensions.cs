using Microsoft.Extensions.Configuration.Json;
using MudBlazor.Services;
using StandingsManager.App.Api;
using StandingsManager.App.Components;
using StandingsManager.App.Localization;

namespace StandingsManager.App;

public static class HostingExtensions
{
    /// <summary>
    /// The builder's options with the content root at the app's own folder when it is started from another one (a
    /// published program run from a shell's home): its <c>wwwroot</c> and its data folder are there. Without this,
    /// every static file answers 200 with an empty body and the pages never start. <c>dotnet run</c> (the project
    /// folder has <c>wwwroot</c>) and an explicit content root (<c>--contentRoot</c>, <c>ASPNETCORE_CONTENTROOT</c>)
    /// are left as they are.
    /// </summary>
    public static WebApplicationOptions HostOptions(string[] args)
    {
        var explicitRoot = args.Any(a => a.Contains("contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        var own = AppContext.BaseDirectory;
        var fromElsewhere = !Directory.Exists(Path.Combine(Directory.GetCurrentDirectory(), "wwwroot")) && Directory.Exists(Path.Combine(own, "wwwroot"));
        return new WebApplicationOptions { Args = args, ContentRootPath = !explicitRoot && fromElsewhere ? own : null };
    }

    /// <summary>The operator's one settings file at the repository root, copied beside the app; environment and command line still override it.</summary>
    public static WebApplicationBuilder AddOperatorSettings(this WebApplicationBuilder builder)
    {
        var source = new JsonConfigurationSource { Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Optional = true };
        source.ResolveFileProvider();
        // Lowest of the JSON files: environment-specific files, environment variables and the command line still win.
        var sources = builder.Configuration.Sources;
        var firstJson = sources.ToList().FindIndex(s => s is JsonConfigurationSource);
        sources.Insert(firstJson < 0 ? sources.Count : firstJson, source);
        return builder;
    }

    public static WebApplicationBuilder AddStandingsUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddMudServices();
        return builder;
    }

    public static WebApplication UseStandingsPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseApiExceptionProblems();
            app.UseHsts(); // only ever sent on HTTPS responses
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseApiStatusProblems();
        app.UseAuthentication();
        app.UseLanguages();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapStandingsUi(this WebApplication app)
    {
        app.MapStaticAssets();
        // The app's own Content-Security-Policy (Security/SecurityHeaders) forbids all framing; Blazor's extra
        // "frame-ancestors 'self'" header would only be a second, weaker policy.
        app.MapRazorComponents<Components.App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }
}
