"""Using the site with the keyboard alone: signing in with Tab, typing and
Enter (no clicks), and a visible focus indicator on what has focus."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

# How many presses of Tab may separate main content from the email field.
MAX_TABS_TO_EMAIL = 3

ACTIVE_ELEMENT = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    return {tag: el.tagName.toLowerCase(), id: el.id, type: el.getAttribute('type'),
            text: (el.innerText || el.value || '').trim().slice(0, 60)};
}"""

# The styles that can show focus on an element. GOV.UK checkboxes and radios
# hide the real <input> (opacity 0) and draw its focus on the label's
# ::before, so for an invisible input the label's ::before is read instead.
STYLE_OF = """(el) => {
    const pick = (s) => ({outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth,
        outlineColor: s.outlineColor, boxShadow: s.boxShadow,
        backgroundColor: s.backgroundColor, color: s.color,
        textDecorationLine: s.textDecorationLine, borderColor: s.borderColor,
        borderWidth: s.borderWidth});
    const own = getComputedStyle(el);
    if (parseFloat(own.opacity) === 0 && el.labels && el.labels.length) {
        return {drawnOn: 'label::before', ...pick(getComputedStyle(el.labels[0], '::before'))};
    }
    return {drawnOn: 'element', ...pick(own)};
}"""
FOCUS_STYLE = f"() => ({STYLE_OF})(document.activeElement)"
# The same element's style without focus; focus is then given back.
UNFOCUSED_STYLE = (
    "(el) => { el.blur(); const style = (" + STYLE_OF + ")(el);"
    " el.focus({focusVisible: true}); return style; }"
)
INDICATOR_PROPERTIES = {
    "boxShadow",
    "backgroundColor",
    "color",
    "textDecorationLine",
    "borderColor",
    "borderWidth",
}


def describe(element: dict | None) -> str:
    if element is None:
        return "<body> (nothing focused)"
    ident = f"#{element['id']}" if element["id"] else ""
    return f"<{element['tag']}{ident}> {element['text']!r}"


def focused(page) -> dict | None:
    return page.evaluate(ACTIVE_ELEMENT)


def outline_shows(style: dict) -> bool:
    if style["outlineStyle"] == "none":
        return False
    if style["outlineColor"] in ("transparent", "rgba(0, 0, 0, 0)"):
        return False  # GOV.UK's transparent outline only shows in forced-colours mode
    return float(style["outlineWidth"].removesuffix("px") or 0) > 0


def tab_to_email(page) -> None:
    """From a freshly loaded /sign-in: skip link, main content, then the email field."""
    page.keyboard.press("Tab")
    first = focused(page)
    assert first is not None and first["tag"] == "a" and first["text"] == "Skip to main content", (
        f"the first Tab focused {describe(first)}, expected the skip link"
    )
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.tagName === 'MAIN'")
    assert page.evaluate("() => document.activeElement.id") == "main-content"

    path = []
    for _ in range(MAX_TABS_TO_EMAIL):
        page.keyboard.press("Tab")
        element = focused(page)
        path.append(describe(element))
        if element and element["id"] == "email":
            return
    pytest.fail(
        f"the email field was not reached within {MAX_TABS_TO_EMAIL} Tabs after the skip link; "
        "focus went to: " + " -> ".join(path)
    )


@pytest.mark.parametrize(
    ("role", "home", "heading"),
    [
        ("advisor", "/staff/queue", "Queue"),
        ("family", "/account", "Your account"),
        ("connector", "/connector", "Your families"),
    ],
)
def test_sign_in_with_the_keyboard_alone(
    role, home, heading, page, demo_users, demo_password, authenticator_code
):
    page.goto("/sign-in")
    tab_to_email(page)
    page.keyboard.type(demo_users[role])

    page.keyboard.press("Tab")
    element = focused(page)
    assert element is not None and element["id"] == "password", (
        f"Tab from the email field went to {describe(element)}, expected the password field"
    )
    page.keyboard.type(demo_password)

    with page.expect_navigation():
        page.keyboard.press("Enter")
    if role != "family":
        # Staff and connectors: the code from their authenticator app next.
        assert urlsplit(page.url).path == "/sign-in/code", f"{role} landed on {page.url}"
        tab_until(page, "code")
        page.keyboard.type(authenticator_code(demo_users[role]))
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert urlsplit(page.url).path == home, f"{role} landed on {page.url}, expected {home}"
    h1 = page.locator("h1")
    assert h1.count() == 1
    assert h1.inner_text().strip() == heading


def tab_until(page, field_id: str) -> None:
    """Tab, from wherever focus starts, until the field has focus."""
    path = []
    for _ in range(MAX_TABS_TO_EMAIL + 2):
        page.keyboard.press("Tab")
        element = focused(page)
        path.append(describe(element))
        if element and element["id"] == field_id:
            return
    pytest.fail(f"the {field_id} field was not reached by Tab; focus went to: " + " -> ".join(path))


def test_email_field_shows_a_visible_focus_indicator(page):
    page.goto("/sign-in")
    tab_to_email(page)
    style = page.evaluate(FOCUS_STYLE)
    assert outline_shows(style) or style["boxShadow"] != "none", (
        f"the focused email field has neither a visible outline nor a box-shadow: {style}"
    )


@pytest.mark.parametrize("signed_in_as", [None, "family", "admin"])
def test_every_focusable_element_shows_focus(signed_in_as, page, sign_in, demo_users):
    """Tab through the whole page (the sign-in page, or the home page after
    signing in): each element that takes focus must show it, with a visible
    outline or by looking different from when it is not focused."""
    if signed_in_as:
        sign_in(page, demo_users[signed_in_as])
    else:
        page.goto("/sign-in")

    problems = []
    seen = 0
    for _ in range(80):
        page.keyboard.press("Tab")
        element = page.evaluate_handle("() => document.activeElement")
        if page.evaluate("el => el === document.body || el.dataset.focusChecked === '1'", element):
            break  # past the last element, or round to the start again
        page.evaluate("el => { el.dataset.focusChecked = '1'; }", element)
        seen += 1
        focused_style = page.evaluate(FOCUS_STYLE)
        unfocused_style = page.evaluate(UNFOCUSED_STYLE, element)
        changed = {k for k in INDICATOR_PROPERTIES if focused_style[k] != unfocused_style[k]}
        if not (outline_shows(focused_style) or changed):
            html = page.evaluate("el => el.outerHTML.slice(0, 200)", element)
            problems.append(f"{html}\n    focused: {focused_style}\n    unfocused: {unfocused_style}")
    assert seen > 3, f"only {seen} focusable elements found on {page.url}"
    assert not problems, f"elements on {page.url} with no visible focus indicator:\n" + "\n".join(problems)
