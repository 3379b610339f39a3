"""A signed-in person cancels one of their own bookings (from their account
or the event's page), after saying they are sure, or moves it to another
date; and turns its reminders off or on again."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.models import Role
from portal.services import events
from portal.web.access import HOUSEHOLD_ROLES, allow, safe_next_path
from portal.web.change_date import change_date_page
from portal.web.forms import ConfirmForm

bp = Blueprint("bookings", __name__, url_prefix="/account/bookings")


@bp.route("/<int:booking_id>/cancel", methods=["GET", "POST"])
@allow(HOUSEHOLD_ROLES, Role.CONNECTOR)
def cancel(booking_id: int):
    form = ConfirmForm()
    back = safe_next_path(form.next.data or request.args.get("next")) or url_for("events.index")
    if request.method == "GET":
        booking = events.own_booking(booking_id=booking_id, user_id=current_user.id)
        action = url_for("account.bookings.cancel", booking_id=booking.id)
        return render_template(
            "events/confirm_cancel.html", booking=booking, action=action, keep=back, next_path=back
        )
    if not form.validate_on_submit():
        return redirect(back)
    try:
        events.cancel_for_user(booking_id=booking_id, user_id=current_user.id)
    except events.CannotChangeBooking as error:
        flash(str(error), "error")
    else:
        flash("Your booking is cancelled. We have emailed you to confirm.", "success")
    return redirect(back)


@bp.route("/<int:booking_id>/change-date", methods=["GET", "POST"])
@allow(HOUSEHOLD_ROLES, Role.CONNECTOR)
def change_date(booking_id: int):
    booking = events.own_booking(booking_id=booking_id, user_id=current_user.id)
    back = safe_next_path(request.args.get("next")) or url_for("events.index")
    return change_date_page(
        booking,
        action=url_for("account.bookings.change_date", booking_id=booking.id, next=back),
        back=back,
        move=lambda event_id: events.change_date_for_user(
            booking_id=booking.id, user_id=current_user.id, to_event_id=event_id
        ),
    )


@bp.route("/<int:booking_id>/reminders/<any(on, off):choice>", methods=["POST"])
@allow(HOUSEHOLD_ROLES, Role.CONNECTOR)
def reminders(booking_id: int, choice: str):
    form = ConfirmForm()
    back = safe_next_path(form.next.data) or url_for("account.home")
    if not form.validate_on_submit():
        return redirect(back)
    try:
        events.choose_reminders_for_user(
            booking_id=booking_id, user_id=current_user.id, wanted=choice == "on"
        )
    except events.CannotChangeBooking as error:
        flash(str(error), "error")
    else:
        flash(f"Reminders turned {choice} for this booking", "success")
    return redirect(back)
