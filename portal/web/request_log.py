"""Request logs record the route, not the token.

Emailed links carry a secret in their path (``/surveys/<token>``,
``/invitations/<token>``, ``/reset-password/<token>``). The development
server's access log (logger ``werkzeug``) and gunicorn's (``gunicorn.access``)
would print it; this filter rewrites such a path to the route itself. It also
blanks what staff typed into the households search (``?q=``), which can be a
family's name.
"""

from __future__ import annotations

import logging
import re

TOKEN_ROUTES = ("surveys", "invitations", "reset-password")
# A token is long and URL-safe; fixed pages under the same prefixes are short words.
TOKEN_IN_PATH = re.compile(r"/(" + "|".join(TOKEN_ROUTES) + r")/[A-Za-z0-9_\-]{20,}")
SEARCH_IN_QUERY = re.compile(r"([?&]q=)[^&\s\"]*")
ACCESS_LOGGERS = ("werkzeug", "gunicorn.access")


def redact(text: str) -> str:
    text = TOKEN_IN_PATH.sub(lambda match: f"/{match.group(1)}/<token>", text)
    return SEARCH_IN_QUERY.sub(lambda match: f"{match.group(1)}<search>", text)


class TokenRedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, dict):
            record.args = {k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(redact(v) if isinstance(v, str) else v for v in record.args)
        return True


def install() -> None:
    for name in ACCESS_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, TokenRedactingFilter) for f in logger.filters):
            logger.addFilter(TokenRedactingFilter())
