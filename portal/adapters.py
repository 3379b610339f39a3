"""What the services need from the app, given to them once by create_app().

An adapter may read Flask and the configuration; a service may not. Each
service takes what it needs here and is called with plain values.
"""

from __future__ import annotations

from flask import Flask, render_template

from portal.services import email


def render_email(template: str, context: dict) -> str:
    """An email's body from its Jinja template under ``templates/emails/``."""
    return render_template(template, **context)


def install(app: Flask) -> None:
    email.use_renderer(render_email)
