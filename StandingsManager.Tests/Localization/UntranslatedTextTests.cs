using System.Text;
using System.Text.RegularExpressions;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Localization;

/// <summary>
/// No component writes words a person reads as literals: the markup's text, the attributes people read (labels,
/// placeholders, titles, tooltips, aria-labels, phone cards' data labels) and snackbar messages come from the resource
/// files, so every language gets them. Names that read the same in every language (EVE Online, CSV, UTC, ...) may stay.
/// </summary>
public sealed partial class UntranslatedTextTests
{
    /// <summary>Words that are names, not language: the same in every translation.</summary>
    private static readonly HashSet<string> SameInEveryLanguage = new(StringComparer.Ordinal)
    {
        "StandingsManager", "EVE", "Online", "CSV", "UTC", "ESI", "API", "SSO", "zKillboard", "EveWho", "Discord",
        "HTTPS", "URL", "JSON", "HMAC", "SHA256", "ID", "Scalar", "OpenAPI",
    };

    public static TheoryData<string> Components() =>
    [
        .. Directory.EnumerateFiles(Repository.PathOf("StandingsManager.App/Components"), "*.razor", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Repository.PathOf(""), f))
            .Order(StringComparer.Ordinal),
    ];

    [Fact]
    public void Every_component_is_read()
    {
        var files = Components().Select(r => r.Data).ToList();
        Assert.Contains(files, f => f.EndsWith("StandingsList.razor", StringComparison.Ordinal));
        Assert.True(files.Count >= 60, $"only {files.Count} components found");
    }

    [Theory]
    [MemberData(nameof(Components))]
    public void A_component_takes_the_words_people_read_from_its_resources(string component)
    {
        var literals = Untranslated(File.ReadAllText(Repository.PathOf(component)));
        Assert.True(literals.Count == 0, $"{component} writes {literals.Count} text(s) in English only:{Environment.NewLine}{string.Join(Environment.NewLine, literals)}");
    }

    [Fact]
    public void The_scan_sees_literal_words_and_passes_translated_ones()
    {
        const string sample = """
            @page "/x"
            @inject IStringLocalizer<UiText> T
            <PageTitle>Lists · StandingsManager</PageTitle>
            <MudText Typo="Typo.h4">@T["Lists.Title"]</MudText>
            @if (rows is null)
            {
                <MudProgressLinear Indeterminate="true" />
            }
            else
            {
                <MudTh>Name</MudTh>
                <MudTextField Label="Reason" Placeholder="@T["Reason.Hint"]" aria-label="Close" />
                <MudTd DataLabel="@T["Col.Name"]">@context.Name (@context.Ticker)</MudTd>
                <span>@count · EVE Online · UTC</span>
                <MudText>@(rows.Count > 1
                    ? T["Rows.Many"] : T["Rows.One"])</MudText>
                <MudChart Label="TimeLabel" />
                <code>/api/v1</code>
            }
            @foreach (var row in rows.Where(r => r.Shown))
            {
                <MudTd>@row.Name</MudTd>
            }
            @* A comment that says something. *@
            @code {
                private void Save() => Snackbar.Add("Saved the list", Severity.Success);
                private string Other => "not shown";
            }
            """;

        Assert.Equal(["Lists · StandingsManager", "Name", "Label=\"Reason\"", "aria-label=\"Close\"", "Snackbar: Saved the list"], Untranslated(sample));
    }

    /// <summary>The literal words a person would read in the component, each once: text, then attributes, then snackbars.</summary>
    private static List<string> Untranslated(string razor)
    {
        var code = CodeBlock(razor);
        var markup = StyleOrScript().Replace(RazorComment().Replace(razor[..(razor.Length - code.Length)], ""), "");
        // Directives hold C# types (@inject IOptions<EveOptions> Eve) that would read as tags.
        markup = Directive().Replace(markup, "");

        var words = Tags().Replace(WithoutExpressions(markup), "<>").Split('<', '>', '\n').Select(t => WithoutStatements(t).Trim()).Where(HasWords);
        var attributes = ReadAttribute().Matches(markup).Where(m => !Identifier().IsMatch(m.Groups["value"].Value) && HasWords(m.Groups["value"].Value))
            .Select(m => $"{m.Groups["name"].Value}=\"{m.Groups["value"].Value}\"");
        var snackbars = SnackbarLiteral().Matches(code).Select(m => $"Snackbar: {m.Groups["text"].Value}");
        return [.. words.Concat(attributes).Concat(snackbars).Distinct(StringComparer.Ordinal)];
    }

    // Words in tokens that are paths, keys, formats or code (/api/v1, yyyy-mm-dd, Nav.Standings) are not language.
    private static bool HasWords(string text) =>
        !text.StartsWith('@') && text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Where(token => token.IndexOfAny(['/', '_', '=', '.', '{', '-']) < 0)
            .SelectMany(token => Word().Matches(token))
            .Any(w => !SameInEveryLanguage.Contains(w.Value));

    /// <summary>The text after the component's @code (or @functions) block starts; empty when it has none.</summary>
    private static string CodeBlock(string razor)
    {
        var start = CodeStart().Match(razor);
        return start.Success ? razor[start.Index..] : "";
    }

    /// <summary>The markup without Razor's expressions (@x.Y(…), @(…), @{…}) and the heads of its control flow (@if (…)), across lines.</summary>
    private static string WithoutExpressions(string markup)
    {
        var result = new StringBuilder();
        for (var i = 0; i < markup.Length; i++)
        {
            if (markup[i] == '@' && i + 1 < markup.Length && markup[i + 1] != '@')
            {
                i = SkipExpression(markup, i + 1) - 1;
                continue;
            }
            result.Append(markup[i]);
        }
        return result.ToString();
    }

    /// <summary>A line of what is left, without C# statements and braces.</summary>
    private static string WithoutStatements(string line) =>
        ControlFlow().IsMatch(line.Trim()) ? "" : Entity().Replace(line, " ");

    /// <summary>Where a Razor expression starting at <paramref name="i"/> ends: @(…), @name.member(…)[…].</summary>
    private static int SkipExpression(string line, int i)
    {
        if (i < line.Length && line[i] == '(')
            return SkipBalanced(line, i, '(', ')');
        if (i < line.Length && line[i] == '{')
            return SkipBalanced(line, i, '{', '}');
        var keyword = Keyword().Match(line, i);
        if (keyword.Success && keyword.Index == i)
        {
            // @if (…), @foreach (…): the condition is C#, the block after it is markup.
            var open = line.IndexOf('(', i);
            return open < 0 ? keyword.Index + keyword.Length : SkipBalanced(line, open, '(', ')');
        }
        while (i < line.Length)
        {
            if (char.IsLetterOrDigit(line[i]) || line[i] == '_' || line[i] == '.' || line[i] == '?' || line[i] == '!')
                i++;
            else if (line[i] == '(' || line[i] == '[')
                i = SkipBalanced(line, i, line[i], line[i] == '(' ? ')' : ']');
            else
                break;
        }
        return i;
    }

    private static int SkipBalanced(string line, int i, char open, char close)
    {
        var depth = 0;
        var inString = false;
        for (; i < line.Length; i++)
        {
            if (line[i] == '"')
                inString = !inString;
            else if (!inString && line[i] == open)
                depth++;
            else if (!inString && line[i] == close && --depth == 0)
                return i + 1;
        }
        return i;
    }

    [GeneratedRegex(@"^@code\s*\{|^@functions\s*\{", RegexOptions.Multiline)]
    private static partial Regex CodeStart();

    [GeneratedRegex(@"^\s*@(?:page|inject|using|attribute|implements|inherits|layout|rendermode|namespace|typeparam)\b.*$", RegexOptions.Multiline)]
    private static partial Regex Directive();

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex RazorComment();

    [GeneratedRegex(@"<(style|script)\b.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex StyleOrScript();

    // Tags with their attributes (attribute values may hold > inside @(...) or quotes).
    [GeneratedRegex(@"<(?:""[^""]*""|'[^']*'|[^'"">])*>")]
    private static partial Regex Tags();

    // The attributes a person reads (or hears), with a literal value.
    [GeneratedRegex(@"\s(?<name>Label|Placeholder|HelperText|Title|Text|ToolTip|Tooltip|DataLabel|ButtonText|aria-label|title|alt|placeholder|AdornmentAriaLabel|UserAttributes)=""(?<value>[^""@][^""]*)""")]
    private static partial Regex ReadAttribute();

    [GeneratedRegex(@"Snackbar\.Add\(\s*\$?""(?<text>[^""]*[A-Za-z]{2,}[^""]*)""")]
    private static partial Regex SnackbarLiteral();

    // Razor control flow and C# statements written among the markup.
    [GeneratedRegex(@"^\}?\s*(?:@?(?:if|else|foreach|for|while|switch|case|default|var|break|return|using|inject|page|attribute|implements|inherits|layout|rendermode|namespace|typeparam)\b.*|[{}();]*|.*;)$")]
    private static partial Regex ControlFlow();

    [GeneratedRegex(@"(?:if|foreach|for|while|switch|using|lock)\b")]
    private static partial Regex Keyword();

    // A C# member given to a parameter (Label="TimeLabel"), not words: one PascalCase name with a capital inside.
    [GeneratedRegex(@"^[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"&#?\w+;")]
    private static partial Regex Entity();

    [GeneratedRegex(@"\p{L}{2,}")]
    private static partial Regex Word();
}
