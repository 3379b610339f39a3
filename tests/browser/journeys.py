"""Helpers shared by the browser journey tests: the live server's database,
and form steps that wait for the page that follows."""

from __future__ import annotations

import contextlib
from urllib.parse import urlsplit


@contextlib.contextmanager
def app_session(live_server, *, write: bool = False):
    """The live server's database session, outside any request."""
    from portal.database import writing
    from portal.extensions import db

    with live_server.app.app_context():
        if write:
            with writing():
                yield db.session
                db.session.commit()
        else:
            yield db.session


def path_of(page) -> str:
    return urlsplit(page.url).path


def submit(page, button: str, *, expect_status: int | None = None) -> None:
    """Press a form's button and wait for the page that answers."""
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=button, exact=True).click()
    if expect_status is not None:
        response = navigation.value
        assert response is not None and response.status == expect_status, (
            f"pressing {button!r} answered {response.status if response else None}, expected {expect_status}"
        )


def success_banner(page):
    return page.locator(".govuk-notification-banner--success")
