"""Links the portal emails with a secret in their path, and how to show them
without it.

``/surveys/<token>``, ``/invitations/<token>``, ``/reset-password/<token>``
``/bookings/<token>`` and ``/reminders-off/<token>`` each let whoever holds the link act without signing
in. Access logs and subject access exports show such a link as its route,
never the secret; tests check every route that takes a ``<token>`` is here.
"""

from __future__ import annotations

import re

TOKEN_ROUTES = ("surveys", "invitations", "reset-password", "bookings", "reminders-off")
# A token is long and URL-safe; fixed pages under the same prefixes are short words.
TOKEN_IN_PATH = re.compile(r"/(" + "|".join(TOKEN_ROUTES) + r")/[A-Za-z0-9_\-]{20,}")


def without_tokens(text: str) -> str:
    return TOKEN_IN_PATH.sub(lambda match: f"/{match.group(1)}/<token>", text)
