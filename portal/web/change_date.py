"""The "Change date" page, the same from /account and from the emailed
manage link: the other dates of the same event with a place left, and the
move to the one chosen."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template

from portal.models import Booking
from portal.services import events
from portal.services.errors import DomainError
from portal.web.forms import ChangeDateForm
from portal.web.templating import london_day, london_time


def _choice_label(listing: events.EventListing) -> str:
    """Tuesday 12 January 2027, 10:00am to 12:00pm, Online: 3 places left."""
    event = listing.event
    first = event.sessions[0]
    more = f" (and {len(event.sessions) - 1} more sessions)" if len(event.sessions) > 1 else ""
    places = "1 place left" if listing.places_left == 1 else f"{listing.places_left} places left"
    return (
        f"{london_day(first.starts_at)}, {london_time(first.starts_at)} to {london_time(first.ends_at)}"
        f"{more}, {event.where}: {places}"
    )


def change_date_page(booking: Booking, *, action: str, back: str, move: Callable[[int], Booking]):
    """Show the dates, or move the booking with ``move(event_id)`` and go ``back``."""
    form = ChangeDateForm()
    status = 200
    if form.validate_on_submit():
        chosen = form.event_id.data or ""
        if not chosen.isdecimal():
            form.event_id.errors.append("Choose a new date")
            status = 400
        else:
            try:
                moved = move(int(chosen))
            except DomainError as error:
                form.event_id.errors.append(str(error))
                status = 409
            else:
                flash(
                    f"Your booking is moved to {london_day(moved.event.sessions[0].starts_at)}. "
                    "We have emailed you the new details.",
                    "success",
                )
                return redirect(back)
    elif form.is_submitted():
        status = 400
    listings = events.other_dates(booking)
    form.event_id.choices = [(str(listing.event.id), _choice_label(listing)) for listing in listings]
    return render_template(
        "events/change_date.html",
        booking=booking,
        form=form,
        has_dates=bool(listings),
        reason=events.why_unchangeable(booking),
        action=action,
        back=back,
    ), status
