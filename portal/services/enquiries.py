"""The digital information pack: asked for without an account, emailed at
once, and followed up by an advisor's call."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Audience, Council, Event, EventKind, EventSession, InformationPackRequest
from portal.models.enquiries import HeardAbout
from portal.services import agency, audit, clock, site, triage, triage_people, working_days
from portal.services.accounts import normalise_email
from portal.services.email import queue_public_email
from portal.services.errors import NotFound

FOLLOW_UP_WORKING_DAYS = 2
DUPLICATE_WINDOW = timedelta(days=1)


def request_information_pack(
    *,
    full_name: str,
    email: str,
    postcode: str,
    council_id: int,
    heard_about: str | None,
    consent_to_contact: bool,
    emails_per_recipient_per_hour: int,
    phone: str | None = None,
    best_times: str | None = None,
) -> InformationPackRequest:
    """The new request, or the one the same address made in the last day: then
    nothing is sent again. The caller answers both alike, so nobody learns
    from the page whether an address has asked before."""
    email = normalise_email(email)
    now = clock.now()
    earlier = db.session.scalar(
        select(InformationPackRequest)
        .where(
            InformationPackRequest.email == email,
            InformationPackRequest.created_at > now - DUPLICATE_WINDOW,
        )
        .order_by(InformationPackRequest.id.desc())
        .limit(1)
    )
    if earlier is not None:
        return earlier
    council = db.session.get(Council, council_id)
    if council is None:
        raise NotFound("Choose the council where you live")
    # A number and a time are kept only from someone who asked for a call.
    phone = (phone or "").strip() or None if consent_to_contact else None
    best_times = (best_times or "").strip() or None if consent_to_contact else None

    follow_up = None
    if consent_to_contact:
        due_on, reason = working_days.due_in_working_days(now, FOLLOW_UP_WORKING_DAYS)
        follow_up = triage.raise_item(
            kind="information_pack",
            title="Information pack follow-up call",
            due_on=due_on,
            due_reason=reason,
            council_id=council.id,
            contact=triage_people.ContactDetails(
                name=full_name.strip(),
                email=email,
                phone=phone,
                postcode=_tidy_postcode(postcode),
                best_times=best_times,
            ),
        )
    reference = follow_up.reference if follow_up else _reference_without_follow_up()
    settings = agency.settings()
    # Beyond the hourly limit for this address the request is still kept for
    # the follow-up, but no email is queued.
    message = queue_public_email(
        per_recipient_per_hour=emails_per_recipient_per_hour,
        template="information_pack",
        to=email,
        context={
            "first_name": full_name.strip().split(" ")[0],
            "reference": reference,
            "video_url": settings.pack_video_url,
            "presentation_url": settings.pack_presentation_url,
            "guide_url": settings.pack_guide_url,
            "will_call": consent_to_contact,
            "contact_phone": settings.contact_phone,
            "next_events": [] if consent_to_contact else upcoming_information_events(),
            "events_link": site.link("/events"),
        },
    )
    db.session.flush()
    request = InformationPackRequest(
        reference=reference,
        full_name=full_name.strip(),
        email=email,
        postcode=_tidy_postcode(postcode),
        council_id=council.id,
        heard_about=HeardAbout(heard_about) if heard_about else None,
        consent_to_contact=consent_to_contact,
        phone=phone,
        best_times=best_times,
        created_at=now,
        triage_item_id=follow_up.id if follow_up else None,
        email_message_id=message.id if message is not None else None,
    )
    db.session.add(request)
    db.session.flush()
    audit.record(
        actor_id=None,
        action="information_pack.requested",
        record_type="information_pack_request",
        record_id=request.id,
        summary=f"Information pack {request.reference} requested",
    )
    return request


NEXT_EVENTS_IN_PACK = 3


def upcoming_information_events() -> list[tuple[str, datetime]]:
    """The next information events anyone can book: title and first start."""
    first_start = func.min(EventSession.starts_at)
    rows = db.session.execute(
        select(Event.title, first_start)
        .join(EventSession, EventSession.event_id == Event.id)
        .where(
            Event.kind == EventKind.INFORMATION_EVENT,
            Event.audience == Audience.ANYONE,
            Event.cancelled_at.is_(None),
        )
        .group_by(Event.id, Event.title)
        .having(first_start > clock.now())
        .order_by(first_start, Event.id)
        .limit(NEXT_EVENTS_IN_PACK)
    ).all()
    return [(title, starts_at) for title, starts_at in rows]


def _reference_without_follow_up() -> str:
    year = clock.today().year
    return f"PACK-{year}-{triage.next_number('PACK', year):05d}"


def _tidy_postcode(postcode: str) -> str:
    compact = "".join(postcode.split()).upper()
    return f"{compact[:-3]} {compact[-3:]}"
