"""Spreadsheets an admin brings in (households, staff, peer connectors): the
upload kept between its preview and its import, the counts, and the people
each import brought in, for their invitations and for those to phone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.accounts import Household, User
from portal.models.base import Base, EnumText, LabelledEnum


class ImportKind(LabelledEnum):
    HOUSEHOLDS = "households"
    STAFF = "staff"
    CONNECTORS = "connectors", "Peer connectors"


class ImportStatus(LabelledEnum):
    PREVIEWED = "previewed", "Checked, not imported"
    QUEUED = "queued", "Waiting to start"
    IMPORTING = "importing"
    IMPORTED = "imported"
    STOPPED = "stopped"


class ImportBatch(Base):
    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ImportKind] = mapped_column(EnumText(ImportKind, 20))
    status: Mapped[ImportStatus] = mapped_column(EnumText(ImportStatus, 20), default=ImportStatus.PREVIEWED)
    file_name: Mapped[str] = mapped_column(String(200))
    # The upload itself, kept only from the preview until it is imported.
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    imported_at: Mapped[datetime | None]
    row_count: Mapped[int] = mapped_column(default=0)
    created_count: Mapped[int] = mapped_column(default=0)
    updated_count: Mapped[int] = mapped_column(default=0)
    unchanged_count: Mapped[int] = mapped_column(default=0)
    # The import runs outside the web request (flask run-imports), in chunks of
    # rows, each committed with these counts: what the status page shows.
    queued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    queued_at: Mapped[datetime | None]
    rows_done: Mapped[int] = mapped_column(default=0)
    # The worker holding the import, and when it last committed a chunk: one
    # silent for longer has stopped, and another worker carries on.
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    heartbeat_at: Mapped[datetime | None]
    # Why an import stopped, in plain English (no row's contents).
    stopped_because: Mapped[str | None] = mapped_column(Text)

    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])


class ImportedPerson(Base):
    """Someone an import named: with an account to invite, or, without an
    email address, a name and phone number for staff to call."""

    __tablename__ = "imported_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"))
    full_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    row_number: Mapped[int]

    user: Mapped[User | None] = relationship()
    household: Mapped[Household | None] = relationship()
