"""Events people book: the list, an event's page, the emailed manage link,
and cancelling from /account."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from portal.extensions import limiter
from portal.services import events
from portal.web.access import public, sign_in_then
from portal.web.change_date import change_date_page
from portal.web.events.forms import BookWithoutAccountForm, ConfirmBookingForm
from portal.web.forms import ConfirmForm
from portal.web.query_args import PAGE, page_number, reads
from portal.web.service_open import once_open
from portal.web.shared_pages import changes_at, shared_page

bp = Blueprint("events", __name__)

FORM_LIMIT = "20 per minute"
PAGE_SIZE = 20
JUST_BOOKED = "just_booked"


def _post_only(_=None) -> bool:
    return request.method != "POST"


def _reader_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def _sign_in_first():
    return redirect(sign_in_then(request.path))


@bp.route("/events")
@public
@reads(PAGE)
@shared_page
def index():
    page = events.open_events(user_id=_reader_id(), page=page_number(), page_size=PAGE_SIZE)
    if page.items:
        changes_at(page.items[0].first_starts_at)  # it leaves the list when it starts
    return render_template("events/list.html", page=page)


@bp.route("/events/<int:event_id>", methods=["GET", "POST"])
@public
@limiter.limit(FORM_LIMIT, exempt_when=_post_only)
@shared_page
@once_open
def event(event_id: int):
    user_id = _reader_id()
    try:
        details = events.event_for_reader(event_id=event_id, user_id=user_id)
    except events.SignInNeeded:
        return _sign_in_first()
    changes_at(details.event.sessions[0].starts_at)  # booking closes when it starts
    form = ConfirmBookingForm() if user_id else BookWithoutAccountForm()
    status = 200
    if form.validate_on_submit():
        try:
            booking, new = events.book_anew(
                event_id=event_id,
                user_id=user_id,
                full_name=None if user_id else form.full_name.data,
                email=None if user_id else form.email.data,
                emails_per_recipient_per_hour=current_app.config["PUBLIC_EMAILS_PER_RECIPIENT_PER_HOUR"],
            )
        except events.SignInNeeded:
            return _sign_in_first()
        except events.AlreadyBooked as error:
            flash(str(error), "error")
            return redirect(url_for("events.event", event_id=event_id))
        except events.BookingClosed as error:
            flash(str(error), "error")
            return redirect(url_for("events.event", event_id=event_id))
        else:
            # The confirmation page shows a new booking to this browser only;
            # booking again with someone's email must reveal nothing of theirs.
            session[JUST_BOOKED] = booking.id if new else None
            return redirect(url_for("events.booked", event_id=event_id))
    elif form.is_submitted():
        status = 400
    return render_template("events/event.html", details=details, form=form, cancel_form=ConfirmForm()), status


@bp.route("/events/<int:event_id>/booked")
@public
def booked(event_id: int):
    try:
        details = events.event_for_reader(event_id=event_id, user_id=_reader_id())
    except events.SignInNeeded:
        return _sign_in_first()
    confirmation = events.booking_to_confirm(booking_id=session.get(JUST_BOOKED), event_id=event_id)
    return render_template("events/booked.html", details=details, confirmation=confirmation)


def _link_not_found():
    return render_template("events/link_not_found.html"), 404


def _link_closed():
    # Gone, like a survey's closed link: the link was real once.
    return render_template("events/link_closed.html"), 410


def _page_for_link(token: str, render):
    """``render(booking)`` for a live emailed link; the kind 404 or 410 otherwise."""
    try:
        booking = events.booking_by_token(token)
    except events.InvalidBookingLink:
        return _link_not_found()
    except events.BookingLinkClosed:
        return _link_closed()
    return render(booking)


@bp.route("/bookings/<token>")
@public
def manage(token: str):
    return _page_for_link(
        token,
        lambda booking: render_template(
            "events/manage.html",
            booking=booking,
            token=token,
            form=ConfirmForm(),
            movable=events.why_unchangeable(booking) is None,
            reminders_apply=events.reminders_apply(booking),
        ),
    )


@bp.route("/bookings/<token>/cancel")
@public
def confirm_cancel(token: str):
    action = url_for("events.manage_action", token=token, action="cancel")
    keep = url_for("events.manage", token=token)
    return _page_for_link(
        token,
        lambda booking: render_template(
            "events/confirm_cancel.html", booking=booking, action=action, keep=keep, next_path=None
        ),
    )


@bp.route("/bookings/<token>/change-date", methods=["GET", "POST"])
@public
@limiter.limit(FORM_LIMIT, exempt_when=_post_only)
def change_date(token: str):
    return _page_for_link(
        token,
        lambda booking: change_date_page(
            booking,
            action=url_for("events.change_date", token=token),
            back=url_for("events.manage", token=token),
            move=lambda event_id: events.change_date_by_token(token=token, to_event_id=event_id),
        ),
    )


@bp.route("/bookings/<token>/<any(cancel, accept):action>", methods=["POST"])
@public
@limiter.limit(FORM_LIMIT)
def manage_action(token: str, action: str):
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("events.manage", token=token))
    try:
        if action == "accept":
            events.accept_offer(token=token)
            flash("You have accepted the place. We have emailed you the details.", "success")
        else:
            events.cancel_by_token(token=token)
            flash("Your booking is cancelled. We have emailed you to confirm.", "success")
    except events.InvalidBookingLink:
        return _link_not_found()
    except events.BookingLinkClosed:
        return _link_closed()
    except events.CannotChangeBooking as error:
        flash(str(error), "error")
        return redirect(url_for("events.manage", token=token))
    return redirect(url_for("events.manage", token=token))
