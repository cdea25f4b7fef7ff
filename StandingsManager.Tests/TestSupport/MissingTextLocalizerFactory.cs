using System.Collections.Concurrent;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace StandingsManager.Tests.TestSupport;

/// <summary>
/// The framework's resource-file localizers, noting every text a component asks for that its resources do not have
/// (the framework would quietly show the key instead), so a page test can fail on a missing key.
/// </summary>
public sealed class MissingTextLocalizerFactory : IStringLocalizerFactory
{
    private readonly ResourceManagerStringLocalizerFactory _inner = new(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);

    /// <summary>"Resource: key (culture)" for each text asked for and not found.</summary>
    public ConcurrentQueue<string> Missing { get; } = new();

    public IStringLocalizer Create(Type resourceSource) => new Noting(_inner.Create(resourceSource), resourceSource.Name, Missing);

    public IStringLocalizer Create(string baseName, string location) => new Noting(_inner.Create(baseName, location), baseName, Missing);

    private sealed class Noting(IStringLocalizer inner, string resource, ConcurrentQueue<string> missing) : IStringLocalizer
    {
        public LocalizedString this[string name] => Note(inner[name]);

        public LocalizedString this[string name, params object[] arguments] => Note(inner[name, arguments]);

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);

        private LocalizedString Note(LocalizedString text)
        {
            if (text.ResourceNotFound)
                missing.Enqueue($"{resource}: {text.Name} ({System.Globalization.CultureInfo.CurrentUICulture.Name})");
            return text;
        }
    }
}
