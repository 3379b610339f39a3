"""Demo data for ``flask seed-demo``: the agency, its councils, one person of
every role, households at each stage and a few queue items. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.demo_surveys import seed_surveys
from portal.extensions import db
from portal.models import (
    AgencySettings,
    Council,
    Household,
    Role,
    Stage,
    StageChange,
    StatusUpdate,
    TriageItem,
    User,
)
from portal.services import clock, passwords, triage, working_days

DEMO_PASSWORD = "demo passphrase for the portal"

COUNCILS = [("Bexley", True), ("Kent", True), ("Medway", True), ("Outside the region", False)]

STAFF = [
    ("admin@demo.adoption-portal.example", "Ada Admin", Role.ADMIN),
    ("manager@demo.adoption-portal.example", "Mo Manager", Role.MANAGER),
    ("social.worker@demo.adoption-portal.example", "Sam Socialworker", Role.SOCIAL_WORKER),
    ("advisor@demo.adoption-portal.example", "Alex Advisor", Role.ADVISOR),
    ("connector@demo.adoption-portal.example", "Chris Connector", Role.CONNECTOR),
]

# (email, name, role, household name, council)
HOUSEHOLD_PEOPLE = [
    (
        "applicant@demo.adoption-portal.example",
        "Priya Applicant",
        Role.APPLICANT,
        "Priya and Tom Applicant",
        "Kent",
    ),
    ("applicant.medway@demo.adoption-portal.example", "Jordan Reed", Role.APPLICANT, "Jordan Reed", "Medway"),
    ("family@demo.adoption-portal.example", "Fran Family", Role.FAMILY, "Fran and Lee Family", "Bexley"),
    ("family.kent@demo.adoption-portal.example", "Kim Okafor", Role.FAMILY, "Kim and Dee Okafor", "Kent"),
    ("family.medway@demo.adoption-portal.example", "Ray Hughes", Role.FAMILY, "Ray Hughes", "Medway"),
]


def _council(name: str) -> Council:
    return db.session.scalar(select(Council).where(Council.name == name))


def seed() -> list[tuple[str, str]]:
    """Create what is missing and return (role, email) for each demo sign-in."""
    now = clock.now()
    if db.session.scalar(select(AgencySettings.id)) is None:
        db.session.add(
            AgencySettings(
                name="Adoption Partnership South East",
                contact_email="adoption.team@demo.adoption-portal.example",
                contact_phone="0300 123 4567",
                pack_video_url="https://videos.adoption-partnership.example/information-pack",
                pack_presentation_url="https://adoption-partnership.example/pack/presentation",
                pack_guide_url="https://adoption-partnership.example/pack/guide.pdf",
            )
        )
    for order, (name, in_region) in enumerate(COUNCILS):
        if _council(name) is None:
            db.session.add(Council(name=name, in_region=in_region, display_order=order))
    db.session.flush()

    password_hash = passwords.hash_password(DEMO_PASSWORD)
    sign_ins = []
    for email, full_name, role in STAFF:
        if db.session.scalar(select(User.id).where(User.email == email)) is None:
            db.session.add(
                User(email=email, full_name=full_name, role=role, password_hash=password_hash, created_at=now)
            )
        sign_ins.append((role.label, email))
    for email, full_name, role, household_name, council in HOUSEHOLD_PEOPLE:
        if db.session.scalar(select(User.id).where(User.email == email)) is None:
            household = Household(name=household_name, council=_council(council), created_at=now)
            db.session.add(household)
            db.session.add(
                User(
                    email=email,
                    full_name=full_name,
                    role=role,
                    household=household,
                    password_hash=password_hash,
                    created_at=now,
                )
            )
        sign_ins.append((role.label, email))
    db.session.flush()

    if db.session.scalar(select(StageChange.id).limit(1)) is None:
        _seed_journeys()
    if db.session.scalar(select(TriageItem.id).limit(1)) is None:
        _seed_queue()
    seed_surveys(
        adult_emails=["family@demo.adoption-portal.example", "family.medway@demo.adoption-portal.example"],
        entered_by_email="manager@demo.adoption-portal.example",
    )
    return sign_ins


# Where each demo household is: (adult's email, [(stage, days ago)], has an update).
JOURNEYS = [
    ("applicant@demo.adoption-portal.example", [(Stage.ENQUIRY, 150), (Stage.STAGE_ONE, 40)], True),
    (
        "applicant.medway@demo.adoption-portal.example",
        [(Stage.ENQUIRY, 300), (Stage.STAGE_ONE, 230), (Stage.STAGE_ONE_COMPLETE, 120)],
        False,
    ),
    (
        "family@demo.adoption-portal.example",
        [(Stage.APPROVED, 900), (Stage.MATCHED, 800), (Stage.PLACED, 760), (Stage.ADOPTION_ORDER, 400)],
        False,
    ),
    (
        "family.kent@demo.adoption-portal.example",
        [(Stage.APPROVED, 700), (Stage.MATCHED, 600), (Stage.PLACED, 560)],
        False,
    ),
    (
        "family.medway@demo.adoption-portal.example",
        [(Stage.APPROVED, 2000), (Stage.MATCHED, 1900), (Stage.PLACED, 1850), (Stage.ADOPTION_ORDER, 1500)],
        False,
    ),
]


def _seed_journeys() -> None:
    worker = db.session.scalar(select(User).where(User.role == Role.SOCIAL_WORKER))
    today = clock.today()
    for email, stages, has_update in JOURNEYS:
        household = db.session.scalar(select(User).where(User.email == email)).household
        household.social_worker_id = worker.id
        for stage, days_ago in stages:
            db.session.add(
                StageChange(
                    household_id=household.id,
                    stage=stage,
                    started_on=today - timedelta(days=days_ago),
                    recorded_by_id=worker.id,
                    recorded_at=clock.now() - timedelta(days=days_ago),
                )
            )
        if has_update:
            db.session.add(
                StatusUpdate(
                    household_id=household.id,
                    author_id=worker.id,
                    body="Your DBS checks and two of your three references are back. "
                    "Your preparation course is on the Events page: please book a place.",
                    created_at=clock.now() - timedelta(days=6),
                )
            )


def _seed_queue() -> None:
    households = list(db.session.scalars(select(Household).order_by(Household.id)))
    kinds = list(triage.KINDS)
    for number in range(30):
        household = households[number % len(households)]
        kind = kinds[number % len(kinds)]
        asked_at = clock.now() - timedelta(days=number % 9, hours=number)
        due_on, reason = working_days.due_in_working_days(asked_at, 5 if kind == "support_call" else 2)
        triage.raise_item(
            kind=kind,
            title=triage.kind_label(kind),
            due_on=due_on,
            due_reason=reason,
            council_id=household.council_id,
            household_id=household.id,
        )
