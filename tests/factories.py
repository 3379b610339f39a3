"""factory-boy factories for test data."""

from __future__ import annotations

import factory
from factory.alchemy import SQLAlchemyModelFactory

from portal.extensions import db
from portal.models import AgencySettings, Council, Household, Role, TriageItem, User
from portal.services import clock, passwords

PASSWORD = "correct horse battery staple"
# Hashed once, with the tests' fast profile (production's is deliberately slow).
passwords.use_profile("test")
PASSWORD_HASH = passwords.hash_password(PASSWORD)


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
    pack_video_url = "https://videos.agency.example.com/pack"
    pack_presentation_url = "https://agency.example.com/pack/presentation"
    pack_guide_url = "https://agency.example.com/pack/guide.pdf"


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
