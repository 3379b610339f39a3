"""A signed-in person cancels one of their own bookings (from their account
or the event's page)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user

from portal.models import Role
from portal.services import events
from portal.web.access import HOUSEHOLD_ROLES, allow, safe_next_path
from portal.web.forms import ConfirmForm

bp = Blueprint("bookings", __name__, url_prefix="/account/bookings")


@bp.route("/<int:booking_id>/cancel", methods=["POST"])
@allow(HOUSEHOLD_ROLES, Role.CONNECTOR)
def cancel(booking_id: int):
    form = ConfirmForm()
    back = safe_next_path(form.next.data) or url_for("events.index")
    if not form.validate_on_submit():
        return redirect(back)
    try:
        events.cancel_for_user(booking_id=booking_id, user_id=current_user.id)
    except events.CannotChangeBooking as error:
        flash(str(error), "error")
    else:
        flash("Your booking is cancelled. We have emailed you to confirm.", "success")
    return redirect(back)
