using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace StandingsManager.Tests.Components;

/// <summary>
/// Every event a test fires waits for its element, then finds it and fires in one renderer turn. Found on one turn and
/// fired on the next, a render in between (a page reloading after a notifier event) replaces the element's handler and
/// bUnit throws UnknownEventHandlerIdException.
/// </summary>
public static class RenderedComponentClicks
{
    public static void ClickWhenShown<TComponent>(this IRenderedComponent<TComponent> cut, string selector)
        where TComponent : IComponent =>
        cut.WhenShown(selector, element => element.Click());

    public static void ChangeWhenShown<TComponent, TValue>(this IRenderedComponent<TComponent> cut, string selector, TValue value)
        where TComponent : IComponent =>
        cut.WhenShown(selector, element => element.Change(value));

    public static void InputWhenShown<TComponent>(this IRenderedComponent<TComponent> cut, string selector, string value)
        where TComponent : IComponent =>
        cut.WhenShown(selector, element => element.Input(value));

    /// <summary>Ticks the checkbox in the table row that holds the element.</summary>
    public static void TickRowOf<TComponent>(this IRenderedComponent<TComponent> cut, string selector)
        where TComponent : IComponent =>
        cut.WhenShown(selector, element => element.ParentElement!.QuerySelector("input[type=checkbox]")!.Change(true));

    public static void WhenShown<TComponent>(this IRenderedComponent<TComponent> cut, string selector, Action<IElement> fire)
        where TComponent : IComponent
    {
        cut.WaitForElement(selector);
        cut.InvokeAsync(() => fire(cut.Find(selector))).GetAwaiter().GetResult();
    }
}
