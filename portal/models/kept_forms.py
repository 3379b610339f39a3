"""What someone typed into a form they sent after their session had timed out,
kept on the server (never in the cookie, which anyone at a shared computer
could read) until they sign in again."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base


class KeptForm(Base):
    __tablename__ = "kept_forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The random id the signed-out session cookie holds.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    # Only this person, signed in again, gets the fields back.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    path: Mapped[str] = mapped_column(String(500))
    # JSON: each field's name and its list of values.
    fields: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(index=True)
