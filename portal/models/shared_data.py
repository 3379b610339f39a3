"""One row whose number goes up whenever what every visitor sees changes (the
agency's settings, the councils, events, their sessions and bookings), so each
web process can tell with one cheap read whether its copies are still right."""

from __future__ import annotations

from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base

# The tables whose rows every visitor sees the same way.
SHARED_TABLES = ("agency_settings", "councils", "events", "event_sessions", "bookings")


class SharedDataVersion(Base):
    __tablename__ = "shared_data_version"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(default=0)
