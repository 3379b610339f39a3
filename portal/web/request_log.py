"""Request logs record the route, not the token.

Emailed links carry a secret in their path (see :mod:`portal.services.emailed_links`).
The development server's access log (logger ``werkzeug``, installed by
``create_app`` so ``flask run`` has it too) and gunicorn's (``gunicorn.access``,
and ``gunicorn.error``, which can quote a bad request line) would print it; this
filter rewrites such a path to the route itself. It also blanks what staff typed
into the households and queue searches (``?q=``), which can be a name, an
email, a phone number or a postcode.
"""

from __future__ import annotations

import logging
import re

from portal.services.emailed_links import without_tokens

# q= in a query string, in gunicorn's bare query-string argument, or encoded in
# a sign-in page's next= address.
SEARCH_IN_QUERY = re.compile(r"((?:^|[?&]|%3F|%26)q(?:=|%3D))[^&\s\"]*", re.IGNORECASE)
ACCESS_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


def redact(text: str) -> str:
    return SEARCH_IN_QUERY.sub(lambda match: f"{match.group(1)}<search>", without_tokens(text))


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
