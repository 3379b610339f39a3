"""What the services need from the app, given to them once by create_app().

An adapter may read Flask and the configuration; a service may not. Each
service takes what it needs here and is called with plain values.
"""

from __future__ import annotations

from flask import Flask, current_app, render_template

from portal.services import email, site


def render_email(template: str, context: dict) -> str:
    """An email's body from its Jinja template under ``templates/emails/``."""
    return render_template(template, **context)


def current_site() -> site.Site:
    """The public address and secret key of the app in use."""
    return current_app.extensions["portal.site"]


def install(app: Flask) -> None:
    app.extensions["portal.site"] = site.Site(
        base_url=app.config["BASE_URL"], secret_key=app.config["SECRET_KEY"]
    )
    site.use(current_site)
    email.use_renderer(render_email)
