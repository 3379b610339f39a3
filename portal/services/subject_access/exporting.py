"""Subject access: everything the portal holds about a household and its
adults, in a zip of JSON and CSV files (secrets and hashes of secrets left out).
"""

from __future__ import annotations

import enum
import io
import json
import zipfile
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import or_, select

from portal.extensions import db
from portal.models import (
    Booking,
    CatchUpCall,
    CatchUpPreference,
    ConnectorContact,
    ConnectorLink,
    Event,
    EventSession,
    ImportedPerson,
    InformationPackRequest,
    ManagerFollowUpRequest,
    Message,
    MessageThread,
    OutboxMessage,
    SessionAttendance,
    StageChange,
    StatusUpdate,
    SupportCallRequest,
    SurveyInvitation,
    TriageItem,
    TriageNote,
)
from portal.services import accounts, audit, calendar, clock
from portal.services.emailed_links import without_tokens
from portal.services.spreadsheet import csv_for_excel
from portal.services.subject_access.readable import Summary, summary

SECRET_COLUMNS = frozenset({"totp_secret_encrypted", "totp_last_step", "session_version"})

README = """\
Everything the adoption portal holds about household {household_id} and its adults,
exported on {exported_on}.

summary.html is the plain-English summary to read first (open it in a web
browser; it prints). The other files are the same records for a computer: each
file is JSON, and lists of records are also given as CSV, one row a record.

  household.json            the household
  adults                    the adults' accounts (passwords and sign-in secrets are never exported)
  stage_changes             the household's stages in its adoption journey
  status_updates            updates the household's social worker posted
  support_call_requests     support-and-advice calls asked for, with their notes
  bookings                  places on events, groups and courses
  catch_up_setting.json     how often the household asked for catch-up calls
  catch_up_calls            catch-up calls due or held
  connector_links           peer connector links (only the connector's first name)
  connector_contacts        contacts the peer connector logged, with their notes
  requests                  the staff queue's items about the household
  request_notes             staff notes on those items
  messages                  messages between the household and the agency
  survey_follow_up_requests contact details given to ask a team manager to call
  survey_invitations        survey invitations emailed to the adults
  information_pack_requests information pack requests made with the adults' email addresses
  imported_from_spreadsheets the rows of the agency's spreadsheets that brought the adults in
  emails                    emails sent to the adults' email addresses

Links that worked without signing in (to set up an account, reset a password,
manage a booking or answer a survey) are shown as <token>: whoever held this
copy could otherwise use them.

The notes a peer connector wrote about their contacts with the household are
included: they are about the household. Connectors are told so when they write them.

Survey answers are not included, and cannot be: they are anonymous. They hold
no name, email, household or invitation, and no time finer than the month, so
nobody, the agency included, can tell which answers are this household's.

Concerns a peer connector raised with staff are not included here: a manager
reviews them for safeguarding before any part of them is disclosed.
"""


def _value(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        return without_tokens(value)
    return value


def _secret(column_key: str) -> bool:
    return column_key in SECRET_COLUMNS or column_key.endswith("_hash")


def _row(record, *, leave_out=frozenset(), **extra) -> dict:
    row = {
        column.key: _value(getattr(record, column.key))
        for column in record.__table__.columns
        if not _secret(column.key) and column.key not in leave_out
    }
    row.update({key: _value(value) for key, value in extra.items()})
    return row


def _all(query) -> list:
    return list(db.session.scalars(query))


def _csv(rows: list[dict]) -> bytes:
    columns = list(rows[0]) if rows else []
    return csv_for_excel([columns, *([row[column] for column in columns] for row in rows)])


def _sections(household_id: int) -> tuple[dict, dict[str, list[dict]]]:
    household = accounts.get_household(household_id)
    adults = list(household.adults)
    adult_ids = [adult.id for adult in adults]
    emails = [adult.email for adult in adults]
    item_ids = _all(select(TriageItem.id).where(TriageItem.household_id == household_id))
    links = _all(
        select(ConnectorLink).where(ConnectorLink.household_id == household_id).order_by(ConnectorLink.id)
    )
    bookings = _all(
        select(Booking)
        .where(
            or_(
                Booking.household_id == household_id,
                Booking.user_id.in_(adult_ids),
                Booking.email.in_(emails),
            )
        )
        .order_by(Booking.id)
    )
    events = dict(
        db.session.execute(
            select(Event.id, Event.title).where(Event.id.in_({b.event_id for b in bookings}))
        ).all()
    )
    preference = db.session.scalar(
        select(CatchUpPreference).where(CatchUpPreference.household_id == household_id)
    )
    single = {
        "household": _row(
            household,
            council=household.council.name,
            placing_council=household.placing_council.name if household.placing_council else None,
            social_worker=household.social_worker.full_name if household.social_worker else None,
        ),
        "catch_up_setting": _row(preference) if preference else {},
    }
    lists = {
        "adults": [_row(adult) for adult in adults],
        "stage_changes": [
            _row(change)
            for change in _all(
                select(StageChange).where(StageChange.household_id == household_id).order_by(StageChange.id)
            )
        ],
        "status_updates": [
            _row(update_, author=update_.author.full_name)
            for update_ in _all(
                select(StatusUpdate)
                .where(StatusUpdate.household_id == household_id)
                .order_by(StatusUpdate.id)
            )
        ],
        "support_call_requests": [
            _row(call)
            for call in _all(
                select(SupportCallRequest)
                .where(SupportCallRequest.household_id == household_id)
                .order_by(SupportCallRequest.id)
            )
        ],
        "bookings": [_row(booking, event=events.get(booking.event_id)) for booking in bookings],
        "session_attendance": [
            _row(mark, event=events.get(event_id), session_starts_at=starts_at)
            for mark, starts_at, event_id in db.session.execute(
                select(SessionAttendance, EventSession.starts_at, EventSession.event_id)
                .join(EventSession, EventSession.id == SessionAttendance.session_id)
                .where(SessionAttendance.booking_id.in_([b.id for b in bookings]))
                .order_by(EventSession.starts_at, SessionAttendance.id)
            )
        ],
        "catch_up_calls": [
            _row(call)
            for call in _all(
                select(CatchUpCall).where(CatchUpCall.household_id == household_id).order_by(CatchUpCall.id)
            )
        ],
        "connector_links": [
            _row(link, leave_out={"connector_id"}, connector_first_name=link.connector.first_name)
            for link in links
        ],
        "connector_contacts": [
            _row(contact)
            for contact in _all(
                select(ConnectorContact)
                .where(ConnectorContact.link_id.in_([link.id for link in links]))
                .order_by(ConnectorContact.id)
            )
        ],
        "requests": [
            _row(item)
            for item in _all(select(TriageItem).where(TriageItem.id.in_(item_ids)).order_by(TriageItem.id))
        ],
        "request_notes": [
            _row(note, author=note.author.full_name)
            for note in _all(
                select(TriageNote).where(TriageNote.triage_item_id.in_(item_ids)).order_by(TriageNote.id)
            )
        ],
        "messages": [
            _row(message, author=message.author.full_name)
            for message in _all(
                select(Message)
                .join(MessageThread, MessageThread.id == Message.thread_id)
                .where(MessageThread.household_id == household_id)
                .order_by(Message.id)
            )
        ],
        "survey_follow_up_requests": [
            _row(follow_up)
            for follow_up in _all(
                select(ManagerFollowUpRequest)
                .where(ManagerFollowUpRequest.triage_item_id.in_(item_ids))
                .order_by(ManagerFollowUpRequest.id)
            )
        ],
        "survey_invitations": [
            _row(invitation)
            for invitation in _all(
                select(SurveyInvitation)
                .where(SurveyInvitation.household_id == household_id)
                .order_by(SurveyInvitation.id)
            )
        ],
        "information_pack_requests": [
            _row(pack, council=pack.council.name)
            for pack in _all(
                select(InformationPackRequest)
                .where(InformationPackRequest.email.in_(emails))
                .order_by(InformationPackRequest.id)
            )
        ],
        # The rows of the agency's spreadsheets that brought them in.
        "imported_from_spreadsheets": [
            _row(person)
            for person in _all(
                select(ImportedPerson)
                .where(ImportedPerson.household_id == household_id)
                .order_by(ImportedPerson.id)
            )
        ],
        "emails": [
            # A calendar file folds long lines, which could split a link's token.
            _row(
                message,
                leave_out={"claimed_by", "claimed_until"},
                ics=calendar.unfold(message.ics) if message.ics else None,
                cancel_ics=calendar.unfold(message.cancel_ics) if message.cancel_ics else None,
            )
            for message in _all(
                select(OutboxMessage).where(OutboxMessage.to_address.in_(emails)).order_by(OutboxMessage.id)
            )
        ],
    }
    return single, lists


def export(
    household_id: int, *, write_readable: Callable[[Summary], str], actor_id: int | None = None
) -> bytes:
    """A zip of everything held about the household and its adults: the summary
    a family can read (``summary.html``, written by the edge's renderer) beside
    the machine-readable files. Audited."""
    single, lists = _sections(household_id)
    exported_on = clock.to_london(clock.now()).date()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("summary.html", write_readable(summary(single, lists, exported_on=exported_on)))
        archive.writestr(
            "README.txt", README.format(household_id=household_id, exported_on=exported_on.isoformat())
        )
        for name, record in single.items():
            archive.writestr(f"{name}.json", json.dumps(record, indent=2))
        for name, rows in lists.items():
            archive.writestr(f"{name}.json", json.dumps(rows, indent=2))
            archive.writestr(f"{name}.csv", _csv(rows))
    audit.record(
        actor_id=actor_id,
        action="household.subject_access_export",
        record_type="household",
        record_id=household_id,
        summary=f"Subject access export of household {household_id}",
    )
    return buffer.getvalue()
