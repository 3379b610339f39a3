"""Staff run events: create and edit them, see the register, mark who came
and download the register."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.models import Audience, EventKind
from portal.services import clock, events
from portal.services.errors import DomainError
from portal.web.access import STAFF, allow
from portal.web.downloads import csv_response
from portal.web.query_args import PAGE, page_number, reads
from portal.web.staff.event_forms import CancelEventForm, EventForm, MarkAttendanceForm

bp = Blueprint("events", __name__, url_prefix="/events")

PAGE_SIZE = 25


@bp.route("")
@allow(STAFF)
@reads(PAGE)
def index():
    page = events.staff_events(page=page_number(), page_size=PAGE_SIZE)
    return render_template("staff/events.html", page=page)


def _save(form: EventForm, *, event_id: int | None):
    values = {
        "kind": EventKind(form.kind.data),
        "title": form.title.data,
        "description": form.description.data,
        "audience": Audience(form.audience.data),
        "capacity": form.capacity_value,
        "venue": form.venue.data,
        "online_url": form.online_url.data,
        "sessions": form.session_times,
        "actor_id": current_user.id,
    }
    if event_id is None:
        return events.create_event(**values)
    return events.update_event(event_id=event_id, **values)


def _save_unless_warned(form: EventForm, event) -> tuple[object | None, list[str]]:
    """Save a valid form, unless its sessions raise warnings staff have not
    yet seen: then the warnings, and the same sessions sent again are saved."""
    # A valid form has its session times.
    sessions = form.session_times or []
    warnings = events.session_warnings(sessions)
    warned_for = events.sessions_fingerprint(sessions)
    if warnings and form.warned_for.data != warned_for:
        form.warned_for.data = warned_for
        return None, warnings
    try:
        saved = _save(form, event_id=event.id if event is not None else None)
    except events.InvalidEvent as error:
        field = "session_1_day" if error.field == "sessions" else error.field
        form[field].errors.append(str(error))
        return None, []
    flash("Event saved", "success")
    return redirect(url_for("staff.events.register", event_id=saved.id)), []


def _event_form(*, event=None):
    form = EventForm(obj=event) if event is not None else EventForm()
    if event is not None and not form.is_submitted():
        form.capacity.data = str(event.capacity)
        form.fill_sessions(event.sessions)
    existing = len(event.sessions) if event is not None else 0
    warnings: list[str] = []
    # "Add another session" only shows one more row: nothing is checked or saved.
    adding = form.is_submitted() and form.add_session.data
    if not adding and form.validate_on_submit():
        saved, warnings = _save_unless_warned(form, event)
        if saved is not None:
            return saved
    status = 400 if form.is_submitted() and not adding and not warnings else 200
    rows = form.row_count(existing=existing)
    form.rows.data = str(rows)
    return render_template(
        "staff/event_form.html", form=form, event=event, rows=rows, warnings=warnings
    ), status


@bp.route("/new", methods=["GET", "POST"])
@allow(STAFF)
def new():
    return _event_form()


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@allow(STAFF)
def edit(event_id: int):
    return _event_form(event=events.get_event(event_id))


@bp.route("/<int:event_id>/register", methods=["GET", "POST"])
@allow(STAFF)
def register(event_id: int):
    event = events.get_event(event_id)
    if request.method == "POST":
        form = MarkAttendanceForm()
        if not form.validate_on_submit() or form.outcome.data not in ("attended", "no_show"):
            abort(400)
        if not form.booking_id.data.isdecimal():
            abort(400)
        try:
            events.mark_attendance(
                event_id=event_id,
                booking_id=int(form.booking_id.data),
                attended=form.outcome.data == "attended",
                actor_id=current_user.id,
            )
        except events.CannotChangeBooking as error:
            flash(str(error), "error")
            return _register_page(event), 409
        flash("Register updated", "success")
        return redirect(url_for("staff.events.register", event_id=event_id))
    return _register_page(event)


def _register_page(event):
    bookings = events.register(event_id=event.id)
    return render_template(
        "staff/register.html",
        event=event,
        bookings=bookings,
        started=events.has_started(event),
        session_lines=events.session_lines(event) if events.has_session_registers(event) else [],
        booked=sum(1 for booking in bookings if booking.status in events.ON_THE_REGISTER),
        reminders_to_come={booking.id for booking in bookings if events.reminders_apply(booking)},
    )


@bp.route("/<int:event_id>/cancel", methods=["GET", "POST"])
@allow(STAFF)
def cancel(event_id: int):
    event = events.get_event(event_id)
    form = CancelEventForm()
    if form.validate_on_submit():
        try:
            told = events.cancel_event(event_id=event.id, message=form.message.data, actor_id=current_user.id)
        except DomainError as error:
            form.message.errors.append(str(error))
        else:
            flash(f"Event cancelled and {told} {'person' if told == 1 else 'people'} emailed", "success")
            return redirect(url_for("staff.events.register", event_id=event.id))
    people = [b for b in events.register(event_id=event.id) if b.status in events.OPEN_STATUSES]
    return render_template("staff/event_cancel.html", event=event, form=form, people=people), (
        400 if form.is_submitted() else 200
    )


@bp.route("/<int:event_id>/register.csv")
@allow(STAFF)
def register_csv(event_id: int):
    event = events.get_event(event_id)
    bookings = events.register(event_id=event_id)
    rows = [["Name", "Email", "Status"]]
    if not events.has_session_registers(event):
        rows += [[booking.name, booking.contact_email, booking.status_label] for booking in bookings]
        return csv_response(f"event-{event_id}-register.csv", rows)
    # A course: what each person with a place did at each session, and their total.
    rows[0] += [
        f"Session {n} ({clock.to_london(s.starts_at).date().isoformat()})"
        for n, s in enumerate(event.sessions, 1)
    ]
    rows[0].append("Sessions attended")
    totals = {total.booking.id: (total, marks) for total, marks in events.attendance_totals(event)}
    for booking in bookings:
        row = [booking.name, booking.contact_email, booking.status_label]
        if booking.id in totals:
            total, marks = totals[booking.id]
            row += [{True: "Attended", False: "Did not attend", None: ""}[mark] for mark in marks]
            row.append(f"{total.attended} of {total.sessions}")
        rows.append(row)
    return csv_response(f"event-{event_id}-register.csv", rows)
