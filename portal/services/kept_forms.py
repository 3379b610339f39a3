"""Forms sent after a session timed out: kept on the server, briefly, for the
same person to find filled in again once they have signed back in.

Nothing here is audited: a kept form changes no record, and is gone within
``KEPT_FOR`` whether or not it was used.
"""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

from sqlalchemy import delete, select

from portal.extensions import db
from portal.models import KeptForm
from portal.services import clock

# Long enough to sign in again straight after seeing the sign-in page.
KEPT_FOR = timedelta(hours=1)
# Forms here are small; a bigger post is not kept (the person is told).
MAX_KEPT_CHARACTERS = 20_000


def keep(*, user_id: int, path: str, fields: dict[str, list[str]]) -> str | None:
    """Keep ``fields`` for ``user_id``; the random token that finds them again,
    or None when there is too much to keep."""
    encoded = json.dumps(fields, ensure_ascii=False)
    if len(encoded) > MAX_KEPT_CHARACTERS:
        return None
    token = secrets.token_urlsafe(32)
    db.session.add(KeptForm(token=token, user_id=user_id, path=path, fields=encoded, created_at=clock.now()))
    return token


def fields_for(*, token: str, user_id: int) -> dict[str, list[str]] | None:
    """The fields kept under ``token``, if they are recent and were typed by ``user_id``."""
    kept = db.session.scalar(
        select(KeptForm).where(
            KeptForm.token == token,
            KeptForm.user_id == user_id,
            KeptForm.created_at > clock.now() - KEPT_FOR,
        )
    )
    return json.loads(kept.fields) if kept else None


def is_kept_for(*, token: str, user_id: int) -> bool:
    return fields_for(token=token, user_id=user_id) is not None


def discard(token: str) -> None:
    db.session.execute(delete(KeptForm).where(KeptForm.token == token))


def discard_expired() -> None:
    db.session.execute(delete(KeptForm).where(KeptForm.created_at <= clock.now() - KEPT_FOR))
