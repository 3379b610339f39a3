"""The registers of a course of several sessions: the register of each
session, and each person's total across them; and, for any event, turning
a booker's reminders off (or on) when they ask the team."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.services import events
from portal.web.access import STAFF, allow
from portal.web.forms import ConfirmForm
from portal.web.staff.session_register_forms import session_register_form

bp = Blueprint("session_register", __name__, url_prefix="/events")


def _course(event_id: int):
    event = events.get_event(event_id)
    if not events.has_session_registers(event):
        # An event of one session has its single register.
        return None, redirect(url_for("staff.events.register", event_id=event.id))
    return event, None


@bp.route("/<int:event_id>/sessions/<int:session_id>/register", methods=["GET", "POST"])
@allow(STAFF)
def session(event_id: int, session_id: int):
    event, elsewhere = _course(event_id)
    if elsewhere is not None:
        return elsewhere
    line, people = events.session_register(event_id=event_id, session_id=session_id)
    form = session_register_form(people)
    started = events.session_started(line.session)
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate():
            try:
                changed = events.mark_session(
                    event_id=event_id, session_id=session_id, marks=form.marks(), actor_id=current_user.id
                )
            except events.CannotChangeBooking as error:
                flash(str(error), "error")
                status = 409
            else:
                flash(f"Register saved: {changed} {'change' if changed == 1 else 'changes'}", "success")
                return redirect(
                    url_for("staff.session_register.session", event_id=event_id, session_id=session_id)
                )
    return render_template(
        "staff/session_register.html", event=event, line=line, people=people, form=form, started=started
    ), status


@bp.route("/<int:event_id>/attendance")
@allow(STAFF)
def totals(event_id: int):
    event, elsewhere = _course(event_id)
    if elsewhere is not None:
        return elsewhere
    return render_template(
        "staff/course_attendance.html",
        event=event,
        lines=events.session_lines(event),
        totals=events.attendance_totals(event),
    )


@bp.route("/<int:event_id>/bookings/<int:booking_id>/reminders/<any(on, off):choice>", methods=["POST"])
@allow(STAFF)
def reminders(event_id: int, booking_id: int, choice: str):
    if ConfirmForm().validate_on_submit():
        try:
            booking = events.choose_reminders_for_staff(
                event_id=event_id, booking_id=booking_id, wanted=choice == "on", actor_id=current_user.id
            )
        except events.CannotChangeBooking as error:
            flash(str(error), "error")
        else:
            flash(f"Reminders turned {choice} for {booking.name}", "success")
    return redirect(url_for("staff.events.register", event_id=event_id))
