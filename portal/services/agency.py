"""The agency's own settings, kept in the database and edited by an admin."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db
from portal.models import AgencySettings, Council
from portal.services import audit, shared_cache

FALLBACK_NAME = "Adoption agency"


def _unsaved_defaults() -> AgencySettings:
    """What a site that has not been set up yet works to: the usual promises, no contacts."""
    return AgencySettings(
        name=FALLBACK_NAME,
        contact_email="",
        contact_phone="",
        team_inbox="",
        stage_one_target_days=60,
        stage_two_target_days=121,
        support_call_working_days=5,
        status_update_weeks=4,
        stage_break_months=6,
        pack_video_url="",
        pack_presentation_url="",
        pack_guide_url="",
        message_reply_working_days=2,
    )


def _saved_settings() -> AgencySettings | None:
    found = db.session.scalar(select(AgencySettings).limit(1))
    shared_cache.detached(found)
    return found


def settings() -> AgencySettings:
    """The settings, to read (the shared copy: change them with ``settings_to_change``);
    the defaults, unsaved, before set-up."""
    return shared_cache.cached("agency_settings", _saved_settings) or _unsaved_defaults()


def settings_to_change() -> AgencySettings:
    """The settings row in this transaction, added to it before set-up."""
    current = db.session.scalar(select(AgencySettings).limit(1))
    if current is None:
        current = _unsaved_defaults()
        db.session.add(current)
    return current


def name() -> str:
    """The agency's name; the fallback when the database can't be read, so
    that error pages still render while the database is down."""
    try:
        # Read inside the guard: after a rollback the cached row reloads here.
        return settings().name
    except SQLAlchemyError:
        db.session.rollback()
        return FALLBACK_NAME


def support_call_working_days() -> int:
    """The agency's promise: a support call is booked within this many working days."""
    return settings().support_call_working_days


def councils() -> list[Council]:
    """The councils people can choose today, in order (retired ones are not offered)."""
    return shared_cache.cached("councils_offered", _offered_councils)


def _offered_councils() -> list[Council]:
    offered = select(Council).where(Council.retired_at.is_(None))
    found = list(db.session.scalars(offered.order_by(Council.display_order, Council.name)))
    shared_cache.detached(*found)
    return found


SETTING_FIELDS = (
    "name",
    "contact_email",
    "contact_phone",
    "team_inbox",
    "stage_one_target_days",
    "stage_two_target_days",
    "support_call_working_days",
    "status_update_weeks",
    "stage_break_months",
    "pack_video_url",
    "pack_presentation_url",
    "pack_guide_url",
    "message_reply_working_days",
)


def update_settings(*, actor_id: int | None, **values) -> AgencySettings:
    """Change the agency's settings; the audit names which settings changed."""
    unknown = set(values) - set(SETTING_FIELDS)
    if unknown:
        raise ValueError(f"unknown settings: {sorted(unknown)}")
    current = settings_to_change()
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
