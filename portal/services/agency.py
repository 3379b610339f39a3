"""The agency's own settings, kept in the database and edited by an admin."""

from __future__ import annotations

from flask import g, has_app_context
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db
from portal.models import AgencySettings, Council
from portal.services import audit

FALLBACK_NAME = "Adoption agency"
# Before the agency has saved its settings.
DEFAULT_SUPPORT_CALL_WORKING_DAYS = 5


def settings() -> AgencySettings | None:
    """The settings row, read at most once per request."""
    if has_app_context() and "agency_settings" in g:
        return g.agency_settings
    found = db.session.scalar(select(AgencySettings).limit(1))
    if has_app_context():
        g.agency_settings = found
    return found


def name() -> str:
    """The agency's name; the fallback when the database can't be read, so
    that error pages still render while the database is down."""
    try:
        found = settings()
        # Read inside the guard: after a rollback the cached row reloads here.
        return found.name if found else FALLBACK_NAME
    except SQLAlchemyError:
        db.session.rollback()
        return FALLBACK_NAME


def support_call_working_days() -> int:
    """The agency's promise: a support call is booked within this many working days."""
    found = settings()
    return found.support_call_working_days if found else DEFAULT_SUPPORT_CALL_WORKING_DAYS


def councils() -> list[Council]:
    return list(db.session.scalars(select(Council).order_by(Council.display_order, Council.name)))


SETTING_FIELDS = (
    "name",
    "contact_email",
    "contact_phone",
    "stage_one_target_days",
    "stage_two_target_days",
    "support_call_working_days",
    "status_update_weeks",
    "pack_video_url",
    "pack_presentation_url",
    "pack_guide_url",
)


def update_settings(*, actor_id: int, **values) -> AgencySettings:
    """Change the agency's settings; the audit names which settings changed."""
    unknown = set(values) - set(SETTING_FIELDS)
    if unknown:
        raise ValueError(f"unknown settings: {sorted(unknown)}")
    current = settings()
    if current is None:
        current = AgencySettings(**values)
        db.session.add(current)
        changed = sorted(values)
    else:
        changed = sorted(k for k, v in values.items() if getattr(current, k) != v)
        for key in changed:
            setattr(current, key, values[key])
    db.session.flush()
    if changed:
        audit.record(
            actor_id=actor_id,
            action="agency.settings_changed",
            record_type="agency_settings",
            record_id=current.id,
            summary="Changed: " + ", ".join(changed),
        )
    return current
