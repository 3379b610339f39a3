"""Declarative base shared by every model module. No Flask imports here."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData, String, event
from sqlalchemy.orm import DeclarativeBase, Mapper
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Stores UTC and always hands back timezone-aware UTC datetimes.

    SQLite has no time zones, so values are stored naive in UTC and made
    aware again on the way out; PostgreSQL keeps them as timestamptz.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where a UTC time is required")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class LabelledEnum(enum.StrEnum):
    """A stored choice and the words people read for it.

    Members are written ``NAME = "stored_value", "What people read"``; without
    a label the value is read as words ("in_progress" reads "In progress").
    """

    _label: str

    def __new__(cls, value: str, label: str | None = None):
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label or value.replace("_", " ").capitalize()
        return member

    @property
    def label(self) -> str:
        return self._label

    @classmethod
    def choices(cls, members=None) -> list[tuple[str, str]]:
        """(value, label) pairs for a form's radios, checkboxes or select."""
        return [(member.value, member.label) for member in (members or cls)]


class EnumText(TypeDecorator):
    """An enum stored as its text value and loaded back as the enum member."""

    impl = String
    cache_ok = True

    def __init__(self, enum_class: type[enum.StrEnum], length: int):
        super().__init__(length)
        self.enum_class = enum_class

    def process_bind_param(self, value, dialect):
        # Text that is no member (a hand-made filter, say) is compared as it is
        # and matches nothing, rather than failing the query.
        return None if value is None else str(value)

    def process_result_value(self, value, dialect):
        return None if value is None else self.enum_class(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}


@event.listens_for(Mapper, "mapper_configured")
def _enum_columns_hold_members(mapper, class_) -> None:
    """An enum column holds its member from the moment it is set, not only once
    loaded back: ``item.status = "done"`` reads ``TriageStatus.DONE`` at once."""
    for attribute in mapper.column_attrs:
        column_type = attribute.columns[0].type
        if isinstance(column_type, EnumText):
            enum_class = column_type.enum_class

            def coerce(target, value, oldvalue, initiator, enum_class=enum_class):
                return None if value is None else enum_class(value)

            event.listen(getattr(class_, attribute.key), "set", coerce, retval=True)
