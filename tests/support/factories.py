"""factory-boy factories for test data."""

from __future__ import annotations

import secrets
from datetime import timedelta

import factory
from factory.alchemy import SQLAlchemyModelFactory

from portal.extensions import db
from portal.models import (
    AgencySettings,
    Audience,
    Booking,
    BookingStatus,
    Council,
    Event,
    EventKind,
    EventSession,
    Household,
    Role,
    TriageItem,
    User,
)
from portal.models.accounts import SECOND_FACTOR_ROLES
from portal.services import clock, passwords, second_factor

PASSWORD = "correct horse battery staple"
# Hashed once, with the tests' fast profile (production's is deliberately slow).
passwords.use_profile("test")
PASSWORD_HASH = passwords.hash_password(PASSWORD)
# Staff and connectors made by UserFactory have this authenticator app set up.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class AgencySettingsFactory(BaseFactory):
    class Meta:
        model = AgencySettings

    name = "Adoption Partnership South East"
    contact_email = "team@agency.example.com"
    contact_phone = "0300 123 4567"
    team_inbox = "adoption.team@agency.example.com"
    pack_video_url = "https://videos.agency.example.com/pack"
    pack_presentation_url = "https://agency.example.com/pack/presentation"
    pack_guide_url = "https://agency.example.com/pack/guide.pdf"
    # A site whose set-up is done and open, as most tests need.
    opened_at = factory.LazyFunction(clock.now)


class CouncilFactory(BaseFactory):
    class Meta:
        model = Council
        sqlalchemy_get_or_create = ("name",)

    name = factory.Iterator(["Bexley", "Kent", "Medway"])
    in_region = True


class HouseholdFactory(BaseFactory):
    class Meta:
        model = Household

    name = factory.Sequence(lambda n: f"Household {n}")
    council = factory.SubFactory(CouncilFactory)
    created_at = factory.LazyFunction(clock.now)


class UserFactory(BaseFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Sequence(lambda n: f"Person Number{n}")
    role = Role.ADVISOR
    password_hash = PASSWORD_HASH
    is_active = True
    created_at = factory.LazyFunction(clock.now)
    household = factory.Maybe(
        factory.LazyAttribute(lambda user: Role(user.role).needs_household),
        yes_declaration=factory.SubFactory(HouseholdFactory),
        no_declaration=None,
    )
    totp_secret_encrypted = factory.Maybe(
        factory.LazyAttribute(lambda user: Role(user.role) in SECOND_FACTOR_ROLES),
        yes_declaration=factory.LazyFunction(lambda: second_factor.encrypt_secret(TOTP_SECRET)),
        no_declaration=None,
    )
    totp_confirmed_at = factory.Maybe(
        factory.LazyAttribute(lambda user: Role(user.role) in SECOND_FACTOR_ROLES),
        yes_declaration=factory.LazyFunction(clock.now),
        no_declaration=None,
    )


class TriageItemFactory(BaseFactory):
    class Meta:
        model = TriageItem

    reference = factory.Sequence(lambda n: f"TEST-2026-{n:05d}")
    kind = "support_call"
    title = "Support-and-advice call"
    due_on = factory.LazyFunction(clock.today)
    due_reason = "5 working days from today"
    council = factory.SubFactory(CouncilFactory)
    created_at = factory.LazyFunction(clock.now)
    updated_at = factory.LazyFunction(clock.now)


class EventFactory(BaseFactory):
    """An event with ``session_count`` two-hour sessions, ``every`` apart, from ``starts_at``."""

    class Meta:
        model = Event

    class Params:
        starts_at = factory.LazyFunction(lambda: clock.now().replace(microsecond=0) + timedelta(days=7))
        session_count = 1
        every = timedelta(days=1)

    kind = EventKind.INFORMATION_EVENT
    title = factory.Sequence(lambda n: f"Event number {n}")
    description = "Meet the team and adopters who have been through it."
    audience = Audience.ANYONE
    capacity = 10
    venue = "Civic Centre, Maidstone"
    online_url = None
    created_at = factory.LazyFunction(clock.now)
    updated_at = factory.LazyFunction(clock.now)
    sessions = factory.LazyAttribute(
        lambda o: [
            EventSession(
                starts_at=o.starts_at + o.every * n, ends_at=o.starts_at + o.every * n + timedelta(hours=2)
            )
            for n in range(o.session_count)
        ]
    )


class BookingFactory(BaseFactory):
    """A booking made without an account, unless ``user`` is given."""

    class Meta:
        model = Booking

    event = factory.SubFactory(EventFactory)
    user = None
    household_id = factory.LazyAttribute(lambda o: o.user.household_id if o.user else None)
    full_name = factory.LazyAttribute(lambda o: None if o.user else "Robin Visitor")
    email = factory.LazyAttribute(lambda o: None if o.user else f"visitor{secrets.token_hex(4)}@example.com")
    status = BookingStatus.BOOKED
    manage_token_hash = factory.LazyFunction(lambda: secrets.token_hex(32))
    created_at = factory.LazyFunction(clock.now)
    updated_at = factory.LazyFunction(clock.now)


def connector(
    *, councils=("Kent",), capacity: int = 2, tags=(), status: str = "active", paused_until=None, **user
):
    """A peer connector with a saved profile (made through the service, as staff would)."""
    from portal.services import connectors

    person = UserFactory(role=Role.CONNECTOR, **user)
    connectors.save_profile(
        user_id=person.id,
        council_ids=[CouncilFactory(name=name).id for name in councils],
        capacity=capacity,
        tags=list(tags),
        status=status,
        paused_until=paused_until,
        contact_for_households=f"Call {person.first_name} on 07700 900456",
        actor_id=person.id,
    )
    db.session.commit()
    return person


def approved_household(*, council: str = "Kent", adults=("Kim Okafor", "Dee Okafor"), stage=None):
    """A household approved as adopters (or at ``stage``), with adults who have accounts."""
    from portal.models import Stage, StageChange

    household = HouseholdFactory(council=CouncilFactory(name=council))
    for full_name in adults:
        UserFactory(role=Role.FAMILY, household=household, full_name=full_name)
    db.session.add(
        StageChange(
            household_id=household.id,
            stage=stage or Stage.APPROVED,
            started_on=clock.today(),
            recorded_at=clock.now(),
        )
    )
    db.session.commit()
    return household
