using System.ComponentModel;
using System.Globalization;

namespace StandingsManager.Core;

/// <summary>
/// Reads an enum setting by name only (any case, no numbers). Anything else becomes an undefined value
/// instead of an exception: the binder would stop at the first bad value, while the options validator
/// reports every problem at once, naming the allowed values (<see cref="SettingNames.Allowed{T}"/>).
/// </summary>
public sealed class SettingNameConverter<T>() : EnumConverter(typeof(T)) where T : struct, Enum
{
    // Never a member, so validation refuses it.
    private static readonly T Unknown = (T)Enum.ToObject(typeof(T), -1);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text
            ? Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name
                ? Enum.Parse<T>(name)
                : Unknown
            : base.ConvertFrom(context, culture, value);
}

public static class SettingNames
{
    /// <summary>"Preserve or Override": an enum setting's allowed names, for an error message.</summary>
    public static string Allowed<T>() where T : struct, Enum
    {
        var names = Enum.GetNames<T>();
        return names.Length == 1 ? names[0] : $"{string.Join(", ", names[..^1])} or {names[^1]}";
    }
}
