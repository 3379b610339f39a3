"""``flask seed-bulk``: a large database for benchmarks — many queue items and
years of history — written with bulk inserts. Never for a real site."""

from __future__ import annotations

import random
from dataclasses import asdict
from datetime import timedelta

from sqlalchemy import func, insert, select

from portal.extensions import db
from portal.models import (
    Council,
    Household,
    InformationPackRequest,
    OutboxMessage,
    Stage,
    StageChange,
    SupportCallRequest,
    TriageContact,
    TriageItem,
    TriageSearchTerm,
    User,
)
from portal.services import clock, triage, triage_people

JOURNEY = [
    Stage.ENQUIRY,
    Stage.STAGE_ONE,
    Stage.STAGE_ONE_COMPLETE,
    Stage.STAGE_TWO,
    Stage.APPROVED,
    Stage.MATCHED,
    Stage.PLACED,
    Stage.ADOPTION_ORDER,
]
CHUNK = 5_000


def _chunks(rows: list[dict]):
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def _insert(model, rows: list[dict]) -> None:
    for chunk in _chunks(rows):
        db.session.execute(insert(model), chunk)


SURNAMES = ("Okafor", "Patel", "Smith", "Nowak", "Quimby", "Jones", "Khan", "Murphy", "Evans", "Ahmed")


def _add_contacts() -> None:
    """A named person with an email, a phone and a postcode on every bulk item,
    and the terms the queue's search finds them by."""
    bulk_items = db.session.execute(
        select(TriageItem.id, TriageItem.reference).where(TriageItem.reference.like("BULK-%"))
    ).all()
    contacts, terms = [], []
    for n, (item_id, reference) in enumerate(bulk_items):
        details = triage_people.ContactDetails(
            name=f"Person{n} {SURNAMES[n % len(SURNAMES)]}",
            email=f"person{n}@bulk.example",
            phone=f"07700 9{n:05d}",
            postcode=f"ME{n % 20} {n % 10}AA",
        )
        contacts.append({"triage_item_id": item_id, **asdict(details)})
        terms += [
            {"triage_item_id": item_id, "term": term}
            for term in triage_people.terms_for(details) | {reference.lower()}
        ]
    _insert(TriageContact, contacts)
    _insert(TriageSearchTerm, terms)


def seed_bulk(*, items: int, years: int, seed: int = 2026) -> dict[str, int]:
    randomiser = random.Random(seed)
    now = clock.now()
    today = clock.today()
    councils = list(db.session.scalars(select(Council.id)))
    requester = db.session.scalar(select(User.id).where(User.role == "family"))
    staff = list(db.session.scalars(select(User.id).where(User.role.in_(["advisor", "social_worker"]))))
    first_id = (db.session.scalar(select(func.max(Household.id))) or 0) + 1

    household_count = 2_000 * years
    _insert(
        Household,
        [
            {"name": f"Bulk household {n}", "council_id": randomiser.choice(councils), "created_at": now}
            for n in range(household_count)
        ],
    )
    household_ids = list(range(first_id, first_id + household_count))

    changes = []
    for household_id in household_ids:
        day = today - timedelta(days=randomiser.randint(0, 365 * years))
        for stage in JOURNEY[: randomiser.randint(1, len(JOURNEY))]:
            changes.append(
                {"household_id": household_id, "stage": stage, "started_on": day, "recorded_at": now}
            )
            day += timedelta(days=randomiser.randint(30, 140))
            if day > today:
                break
    _insert(StageChange, changes)

    kinds = list(triage.KINDS)
    statuses = ["new", "in_progress", "waiting", "done", "done", "done", "cancelled"]
    start_number = db.session.scalar(select(func.count()).select_from(TriageItem)) or 0
    triage_rows = []
    for n in range(items):
        created = now - timedelta(days=randomiser.randint(0, 365 * years), minutes=n % 1440)
        triage_rows.append(
            {
                "reference": f"BULK-{start_number + n:07d}",
                "kind": kinds[n % len(kinds)],
                "council_id": randomiser.choice(councils),
                "household_id": randomiser.choice(household_ids),
                "status": randomiser.choice(statuses),
                "assignee_id": randomiser.choice(staff + [None]),
                "title": "Bulk request",
                "due_on": clock.to_london(created).date() + timedelta(days=7),
                "due_reason": "Bulk data",
                "created_at": created,
                "updated_at": created,
                "version": 1,
            }
        )
    _insert(TriageItem, triage_rows)
    _add_contacts()

    # Support calls and information packs over the years, each with its own queue item.
    support_items = db.session.execute(
        select(TriageItem.id, TriageItem.created_at, TriageItem.council_id, TriageItem.household_id).where(
            TriageItem.kind == "support_call", TriageItem.reference.like("BULK-%")
        )
    ).all()
    calls = []
    for item_id, created, council_id, household_id in support_items:
        requested_on = clock.to_london(created).date()
        days = randomiser.randint(1, 12)
        calls.append(
            {
                "household_id": household_id,
                "requested_by_id": requester,
                "requested_at": created,
                "requested_on": requested_on,
                "best_times": "Any",
                "phone": "07700 900000",
                "council_id": council_id,
                "triage_item_id": item_id,
                "status": "held",
                "scheduled_for": created + timedelta(days=days),
                "held_on": requested_on + timedelta(days=days),
                "days_to_call": days,
                "working_days_to_call": max(0, days - 2 * (days // 7)),
                "outcome": "resolved",
            }
        )
    _insert(SupportCallRequest, calls)

    pack_items = db.session.execute(
        select(TriageItem.id, TriageItem.created_at, TriageItem.council_id).where(
            TriageItem.kind == "information_pack", TriageItem.reference.like("BULK-%")
        )
    ).all()
    outbox = [
        {
            "template": "information_pack",
            "to_address": f"bulk{n}@example.com",
            "subject": "s",
            "body": "b",
            "status": "sent",
            "attempts": 1,
            "next_attempt_at": created,
            "created_at": created,
            "sent_at": created,
        }
        for n, (_, created, _) in enumerate(pack_items)
    ]
    first_message = (db.session.scalar(select(func.max(OutboxMessage.id))) or 0) + 1
    _insert(OutboxMessage, outbox)
    _insert(
        InformationPackRequest,
        [
            {
                "reference": f"BPACK-{n:07d}",
                "full_name": "Bulk Enquirer",
                "email": f"bulk{n}@example.com",
                "postcode": "ME4 4TR",
                "council_id": council_id,
                "consent_to_contact": True,
                "created_at": created,
                "triage_item_id": item_id,
                "email_message_id": first_message + n,
            }
            for n, (item_id, created, council_id) in enumerate(pack_items)
        ],
    )
    return {
        "households": household_count,
        "stage changes": len(changes),
        "queue items": items,
        "support calls": len(calls),
        "information packs": len(pack_items),
    }
