"""Demo peer connectors: the demo connector with a profile, one active link
with a Kent family and one proposal waiting, a few contacts; and two more
connectors (with the demo password) so the suggestions have something to rank.
Idempotent."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import ConnectorProfile, Council, Role, User
from portal.services import clock, connectors, second_factor, shared_contact

DEMO_CONNECTOR = "connector@demo.adoption-portal.example"
# (email, name, councils, capacity, tags): more connectors, ranked against the demo one.
OTHER_CONNECTORS = [
    ("pat.connector@demo.adoption-portal.example", "Pat Lewis", ["Bexley"], 5, ["early_permanence"]),
    ("jo.connector@demo.adoption-portal.example", "Jo Baker", ["Medway"], 3, ["single_adopter"]),
]


def _council_ids(names: list[str]) -> list[int]:
    return list(db.session.scalars(select(Council.id).where(Council.name.in_(names))))


def _household_of(email: str) -> int:
    return db.session.scalar(select(User.household_id).where(User.email == email))


def seed_connectors(*, password_hash: str, authenticator_secret: str) -> None:
    if db.session.scalar(select(ConnectorProfile.id).limit(1)) is not None:
        return
    admin = db.session.scalar(select(User).where(User.role == Role.ADMIN))
    connector = db.session.scalar(select(User).where(User.email == DEMO_CONNECTOR))
    connectors.save_profile(
        user_id=connector.id,
        council_ids=_council_ids(["Kent", "Medway"]),
        capacity=4,
        tags=["siblings", "older_children"],
        status="active",
        paused_until=None,
        contact_for_households="Text or call 07700 900456, weekday evenings",
        actor_id=admin.id,
    )
    for email, name, councils, capacity, tags in OTHER_CONNECTORS:
        user = User(
            email=email,
            full_name=name,
            role=Role.CONNECTOR,
            password_hash=password_hash,
            totp_secret_encrypted=second_factor.encrypt_secret(authenticator_secret),
            totp_confirmed_at=clock.now(),
            created_at=clock.now(),
        )
        db.session.add(user)
        db.session.flush()
        connectors.save_profile(
            user_id=user.id,
            council_ids=_council_ids(councils),
            capacity=capacity,
            tags=tags,
            status="active",
            paused_until=None,
            contact_for_households="",
            actor_id=admin.id,
        )
    active = connectors.propose(
        household_id=_household_of("family.kent@demo.adoption-portal.example"),
        connector_id=connector.id,
        household_contact="Kim: text 07700 900321 first, calls after 6pm",
        actor_id=admin.id,
    )
    shared_contact.share(active, shared_contact.choices(active.household_id)[0][0])
    connectors.accept(link_id=active.id, user_id=connector.id)
    active.proposed_at = clock.now() - timedelta(days=60)
    active.responded_at = clock.now() - timedelta(days=57)
    for days_ago, method, note in [
        (50, "phone", "First call. Talked about introductions."),
        (30, "in_person", "Coffee after the support group."),
        (9, "message", "Checked in after the first week at nursery."),
    ]:
        connectors.log_contact(
            link_id=active.id,
            user_id=connector.id,
            contact_on=clock.today() - timedelta(days=days_ago),
            method=method,
            note=note,
        )
    waiting = connectors.propose(
        household_id=_household_of("family@demo.adoption-portal.example"),
        connector_id=connector.id,
        household_contact="Fran: email is best",
        actor_id=admin.id,
    )
    shared_contact.share(waiting, shared_contact.choices(waiting.household_id)[0][0])
    waiting.proposed_at = clock.now() - timedelta(days=1)
    db.session.flush()
