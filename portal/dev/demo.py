"""Demo data for ``flask seed-demo``: the agency, its councils, one person of
every role, households at each stage and a few queue items. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from portal.dev import events as demo_events
from portal.dev.connectors import seed_connectors
from portal.dev.messages import seed_messages
from portal.dev.surveys import seed_surveys
from portal.extensions import db
from portal.models import (
    Council,
    Household,
    Role,
    Stage,
    StageChange,
    StatusUpdate,
    TriageItem,
    User,
)
from portal.services import (
    agency,
    catchup,
    clock,
    councils,
    enquiries,
    passwords,
    second_factor,
    setup,
    support_calls,
    working_days,
)

DEMO_PASSWORD = "demo passphrase for the portal"
# Staff and the connector sign in with a second factor: add this key to an
# authenticator app to try the demo. Never a real account's secret.
DEMO_AUTHENTICATOR_SECRET = "DEMOPORTALTOTPKEYFORTRYINGITOUT2"

COUNCILS = [("Bexley", True), ("Kent", True), ("Medway", True), ("Outside the region", False)]
SETTINGS = {
    "name": "Adoption Partnership South East",
    "contact_email": "adoption.team@demo.adoption-portal.example",
    "contact_phone": "0300 123 4567",
    "team_inbox": "adoption.team@demo.adoption-portal.example",
    "pack_video_url": "https://videos.adoption-partnership.example/information-pack",
    "pack_presentation_url": "https://adoption-partnership.example/pack/presentation",
    "pack_guide_url": "https://adoption-partnership.example/pack/guide.pdf",
}

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
    # Through the same services an admin's set-up uses; the demo has no sender to check.
    if agency.settings().id is None:
        agency.update_settings(actor_id=None, **SETTINGS)
    for name, in_region in COUNCILS:
        if _council(name) is None:
            councils.add(name=name, in_region=in_region, actor_id=None)
    setup.open_service(actor_id=None, unchecked=("sender",))
    db.session.flush()

    password_hash = passwords.hash_password(DEMO_PASSWORD)
    sign_ins = []
    for email, full_name, role in STAFF:
        if db.session.scalar(select(User.id).where(User.email == email)) is None:
            db.session.add(
                User(
                    email=email,
                    full_name=full_name,
                    role=role,
                    password_hash=password_hash,
                    created_at=now,
                    totp_secret_encrypted=second_factor.encrypt_secret(DEMO_AUTHENTICATOR_SECRET),
                    totp_confirmed_at=now,
                )
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
        _seed_family_support()
    demo_events.seed_events()
    seed_connectors(password_hash=password_hash, authenticator_secret=DEMO_AUTHENTICATOR_SECRET)
    seed_messages()
    seed_surveys(
        adult_emails=["family@demo.adoption-portal.example", "family.medway@demo.adoption-portal.example"],
        entered_by_email="manager@demo.adoption-portal.example",
    )
    return sign_ins


def _seed_family_support() -> None:
    """The demo family has asked for a call and chosen yearly catch-up calls."""
    family = db.session.scalar(select(User).where(User.email == "family@demo.adoption-portal.example"))
    family.phone = "07700 900982"
    support_calls.request_call(
        user_id=family.id,
        best_times="Weekday mornings before 11",
        phone=family.phone,
        note="Our daughter's sleep has got worse since she started school.",
    )
    catchup.set_frequency(household_id=family.household_id, frequency_years=1, actor_id=family.id)


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
        if stage == Stage.ADOPTION_ORDER or email == "family.kent@demo.adoption-portal.example":
            household.placing_council_id = _council("Medway").id
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


ENQUIRERS = [
    ("Alex Morgan", "alex.morgan@demo.adoption-portal.example", "DA1 1AA", "Bexley"),
    ("Jamie Patel", "jamie.patel@demo.adoption-portal.example", "ME4 4TR", "Medway"),
    ("Sam Okoro", "sam.okoro@demo.adoption-portal.example", "CT1 2AB", "Kent"),
    ("Charlie Evans", "charlie.evans@demo.adoption-portal.example", "TN23 1PL", "Kent"),
    ("Robin Shah", "robin.shah@demo.adoption-portal.example", "ME14 1XX", "Kent"),
    ("Taylor Brooks", "taylor.brooks@demo.adoption-portal.example", "SE9 5AA", "Outside the region"),
]


def _seed_queue() -> None:
    """Requests as enquirers would make them, then moved back over the last
    fortnight so that the queue shows overdue, due today and later items."""
    for number, (name, email, postcode, council) in enumerate(ENQUIRERS):
        request = enquiries.request_information_pack(
            full_name=name,
            email=email,
            postcode=postcode,
            council_id=_council(council).id,
            heard_about="social_media" if number % 2 else None,
            consent_to_contact=True,
            emails_per_recipient_per_hour=current_app.config["PUBLIC_EMAILS_PER_RECIPIENT_PER_HOUR"],
        )
        asked_at = clock.now() - timedelta(days=number * 2, hours=number)
        item = db.session.get(TriageItem, request.triage_item_id)
        item.created_at = item.updated_at = request.created_at = asked_at
        item.due_on, item.due_reason = working_days.due_in_working_days(asked_at, 2)
