"""The agency's own settings, kept in the database and edited by an admin."""

from __future__ import annotations

from flask import g, has_app_context
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db
from portal.models import AgencySettings, Council

FALLBACK_NAME = "Adoption agency"


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
    except SQLAlchemyError:
        db.session.rollback()
        return FALLBACK_NAME
    return found.name if found else FALLBACK_NAME


def councils() -> list[Council]:
    return list(db.session.scalars(select(Council).order_by(Council.display_order, Council.name)))
