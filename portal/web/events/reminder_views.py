"""A booking's reminders turned off or on again: in one click from the link
in a reminder (RFC 8058: a POST with no session or CSRF token, the token in
the link being the authority; a GET only shows a button), or from the
booking's emailed manage page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from portal.extensions import csrf
from portal.services import events
from portal.web.access import public
from portal.web.forms import ConfirmForm

bp = Blueprint("event_reminders", __name__)


@bp.route("/reminders-off/<token>", methods=["GET", "POST"])
@public
@csrf.exempt
def one_click(token: str):
    try:
        if request.method == "POST":
            booking = events.reminders_off_by_link(token)
        else:
            booking = events.booking_by_reminders_token(token)
    except events.InvalidBookingLink:
        return render_template("events/link_not_found.html"), 404
    except events.BookingLinkClosed:
        return render_template("events/link_closed.html"), 410
    return render_template("events/reminders_off.html", booking=booking, done=request.method == "POST")


@bp.route("/bookings/<token>/reminders/<any(on, off):choice>", methods=["POST"])
@public
def from_manage_link(token: str, choice: str):
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("events.manage", token=token))
    try:
        events.choose_reminders_by_manage_link(token=token, wanted=choice == "on")
    except events.InvalidBookingLink:
        return render_template("events/link_not_found.html"), 404
    except events.BookingLinkClosed:
        return render_template("events/link_closed.html"), 410
    except events.CannotChangeBooking as error:
        flash(str(error), "error")
    else:
        flash(f"Reminders turned {choice} for this booking", "success")
    return redirect(url_for("events.manage", token=token))
