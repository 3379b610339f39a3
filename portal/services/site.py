"""The site's public address and secret key, as the services use them: links
emailed to people (built from ``BASE_URL``) and keys derived from
``SECRET_KEY``. Nothing else in the services reads either.

The app gives them once at start-up (``portal/adapters.py``), as a function
that answers for the app in use, so the rules never reach for Flask.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Site:
    base_url: str
    secret_key: str


_current: Callable[[], Site] | None = None


def use(current: Callable[[], Site]) -> None:
    global _current
    _current = current


def _site() -> Site:
    if _current is None:
        raise RuntimeError("No site settings: create_app() gives them (portal/adapters.py)")
    return _current()


def link(path: str) -> str:
    """The full address of a page on this site, for an email: ``link("/account")``."""
    return _site().base_url + path


def host() -> str:
    return urlsplit(_site().base_url).hostname or "adoption-portal"


class Purpose(Enum):
    """What a derived key is for: each purpose's message is tagged its own way,
    so no key can stand in for another. The formats are those the values
    already stored were made with; keep each exactly (a new purpose uses
    ``"name:{}"``)."""

    BOOKING_MANAGE = "booking-manage:{}"
    SURVEY_INVITATION = "survey-invitation:{}"
    SECOND_FACTOR_SECRET = "portal second factor secret"
    # Sign-in throttling counts by a keyed hash of the typed email or of
    # "sign-in source <address>", never the value itself.
    SIGN_IN_COUNT = "{}"
    # The one-click link in a reminder that turns a booking's reminders off.
    BOOKING_REMINDERS_OFF = "booking-reminders-off:{}"


def derive(purpose: Purpose, message: str | int = "") -> bytes:
    """HMAC-SHA256, under the site's secret key, of the purpose's tagged message."""
    tagged = purpose.value.format(message)
    return hmac.new(_site().secret_key.encode(), tagged.encode(), hashlib.sha256).digest()
