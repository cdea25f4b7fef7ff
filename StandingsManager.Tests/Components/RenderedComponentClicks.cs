using Bunit;
using Microsoft.AspNetCore.Components;

namespace StandingsManager.Tests.Components;

public static class RenderedComponentClicks
{
    /// <summary>
    /// Waits for the element, then finds and clicks it in one renderer turn. Found on one turn and clicked on the next,
    /// a render in between (a page reloading after a notifier event) replaces the element's handler and bUnit throws
    /// UnknownEventHandlerIdException.
    /// </summary>
    public static void ClickWhenShown<TComponent>(this IRenderedComponent<TComponent> cut, string selector)
        where TComponent : IComponent
    {
        cut.WaitForElement(selector);
        cut.InvokeAsync(() => cut.Find(selector).Click()).GetAwaiter().GetResult();
    }
}
