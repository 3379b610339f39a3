"""The part of a subject access pack a family can read: what the portal holds
about them in plain English, section by section, with dates as people write
them, and without the internal numbers, hashes and links of the machine-readable
files beside it. Built from the same records as those files, so the two agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from portal.models import (
    BookingStatus,
    CatchUpOutcome,
    ContactMethod,
    LinkStatus,
    Stage,
    SupportCallStatus,
    SupportOutcome,
    TriageStatus,
)
from portal.services import clock


@dataclass(frozen=True)
class Entry:
    when: date | None
    what: str
    detail: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    entries: list[Entry]
    none_held: str


@dataclass(frozen=True)
class Summary:
    household: str
    exported_on: date
    about: list[tuple[str, str]]
    sections: list[Section]


def _day(text: str | None) -> date | None:
    """A date or timestamp of the records, as the day in London."""
    if not text:
        return None
    if "T" in text:
        return clock.to_london(datetime.fromisoformat(text)).date()
    return date.fromisoformat(text)


def _label(enum_class, value: str | None) -> str:
    return enum_class(value).label if value else ""


def _joined(*parts: str | None) -> str:
    return ". ".join(part for part in parts if part)


def _about(single: dict, adults: list[dict]) -> list[tuple[str, str]]:
    household = single["household"]
    about = [("Household", household["name"]), ("Council where you live", household["council"])]
    if household.get("placing_council"):
        about.append(("Placing council", household["placing_council"]))
    about.append(("Your social worker", household.get("social_worker") or "None named yet"))
    for adult in adults:
        contact = ", ".join(part for part in (adult["email"], adult.get("phone")) if part)
        about.append((adult["full_name"], contact))
    frequency = single["catch_up_setting"].get("frequency_years")
    if single["catch_up_setting"]:
        about.append(("Catch-up calls", f"Every {frequency} years" if frequency else "You asked for none"))
    return about


SECTIONS = (
    # (record list, title, what the section says when it holds nothing, how one record reads)
    (
        "stage_changes",
        "Your adoption journey",
        "No stages recorded.",
        lambda r: Entry(_day(r["started_on"]), _label(Stage, r["stage"])),
    ),
    (
        "status_updates",
        "Updates from your social worker",
        "No updates.",
        lambda r: Entry(_day(r["created_at"]), f"Update from {r['author']}", r["body"]),
    ),
    (
        "messages",
        "Messages",
        "No messages.",
        lambda r: Entry(_day(r["sent_at"]), f"From {r['author']}", r["body"]),
    ),
    (
        "support_call_requests",
        "Support and advice calls you asked for",
        "No calls asked for.",
        lambda r: Entry(
            _day(r["requested_at"]),
            _label(SupportCallStatus, r["status"]),
            _joined(r.get("note"), _label(SupportOutcome, r.get("outcome"))),
        ),
    ),
    (
        "catch_up_calls",
        "Catch-up calls",
        "No catch-up calls.",
        lambda r: Entry(_day(r["due_on"]), "Catch-up call due", _label(CatchUpOutcome, r.get("outcome"))),
    ),
    (
        "bookings",
        "Events, groups and courses",
        "No bookings.",
        lambda r: Entry(_day(r["created_at"]), r["event"] or "An event", _label(BookingStatus, r["status"])),
    ),
    (
        "session_attendance",
        "Sessions of courses",
        "No sessions marked.",
        lambda r: Entry(
            _day(r["session_starts_at"]),
            r["event"] or "A course",
            "You attended this session" if r["attended"] else "You did not attend this session",
        ),
    ),
    (
        "connector_links",
        "Your peer connector",
        "No peer connector.",
        lambda r: Entry(
            _day(r["proposed_at"]),
            f"Peer connector {r['connector_first_name']}",
            _label(LinkStatus, r["status"]),
        ),
    ),
    (
        "connector_contacts",
        "Times your peer connector was in touch",
        "None logged.",
        lambda r: Entry(_day(r["contact_on"]), _label(ContactMethod, r["method"]), r["note"]),
    ),
    (
        "requests",
        "Requests the team worked on",
        "No requests.",
        lambda r: Entry(
            _day(r["created_at"]), r["title"], _joined(r["reference"], _label(TriageStatus, r["status"]))
        ),
    ),
    (
        "request_notes",
        "Notes the team made on those requests",
        "No notes.",
        lambda r: Entry(_day(r["created_at"]), f"Note by {r['author']}", r["body"]),
    ),
    (
        "information_pack_requests",
        "Information packs you asked for",
        "None.",
        lambda r: Entry(_day(r["created_at"]), "Information pack", r["council"]),
    ),
    (
        "survey_invitations",
        "Survey invitations",
        "None.",
        lambda r: Entry(_day(r["created_at"]), "Invitation to an anonymous survey"),
    ),
    (
        "emails",
        "Emails we sent you",
        "None.",
        lambda r: Entry(_day(r["created_at"]), r["subject"], f"To {r['to_address']}"),
    ),
)


def summary(single: dict, lists: dict[str, list[dict]], *, exported_on: date) -> Summary:
    sections = [
        Section(title, [reads(record) for record in lists[name]], none_held)
        for name, title, none_held, reads in SECTIONS
        if name in lists
    ]
    return Summary(
        household=single["household"]["name"],
        exported_on=exported_on,
        about=_about(single, lists["adults"]),
        sections=sections,
    )
