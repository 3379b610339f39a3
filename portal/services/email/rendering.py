"""The edge of the email package: a body is written by the renderer the app
gives it once at start-up (``portal/adapters.py``: the Jinja templates under
``templates/emails/``), so the rules here never reach for Flask."""

from __future__ import annotations

from collections.abc import Callable

from portal.services.email.catalogue import EMAILS, greeting

# (template path, context) -> body text
Renderer = Callable[[str, dict], str]

_renderer: Renderer | None = None


def use_renderer(renderer: Renderer) -> None:
    global _renderer
    _renderer = renderer


def render_body(template: str, context: dict) -> str:
    """The body; a ``first_name`` in the context becomes its greeting."""
    if "first_name" in context:
        first_name = context["first_name"]
        context = {key: value for key, value in context.items() if key != "first_name"}
        context["greeting"] = greeting(first_name)
    return _render(EMAILS[template].body_template, context)


def _render(path: str, context: dict) -> str:
    if _renderer is None:
        raise RuntimeError("No email renderer: create_app() gives one (portal/adapters.py)")
    return _renderer(path, context)


def render_closing(context: dict) -> str:
    """The closing lines every email ends with (templates/emails/_how_to_answer.txt)."""
    return _render("emails/_how_to_answer.txt", context)
