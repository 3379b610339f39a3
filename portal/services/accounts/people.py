"""People and households: finding them, and the user a session names."""

from __future__ import annotations

from portal.extensions import db
from portal.models import Household, User
from portal.services import audit, clock
from portal.services.errors import NotFound


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user")
    return user


def load_session_user(user_id: int, session_version: int) -> User | None:
    """The user a session cookie names, if that session is still valid."""
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or user.session_version != session_version:
        return None
    return user


# -- households ---------------------------------------------------------------


def create_household(*, name: str, council_id: int, actor_id: int | None) -> Household:
    household = Household(name=name.strip(), council_id=council_id, created_at=clock.now())
    db.session.add(household)
    db.session.flush()
    audit.record(
        actor_id=actor_id,
        action="household.created",
        record_type="household",
        record_id=household.id,
        summary=f"Household {household.id} created",
    )
    return household


def get_household(household_id: int) -> Household:
    household = db.session.get(Household, household_id)
    if household is None:
        raise NotFound(f"There is no household number {household_id}")
    return household
