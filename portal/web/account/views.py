"""/account: an applicant's or family's home (where they are, who to contact,
what is new), their whole journey and "we are ready to start Stage 2"; the
parent blueprint of their support calls, catch-up calls and bookings."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.models.accounts import Role
from portal.services import (
    agency,
    catchup,
    connectors,
    events,
    journey,
    journey_steps,
    messages,
    support_calls,
    surveys,
)
from portal.services.errors import DomainError
from portal.web.access import HOUSEHOLD_ROLES, allow
from portal.web.account import booking_views, catch_up_views, message_views, support_views
from portal.web.forms import ConfirmForm

bp = Blueprint("account", __name__)
for child in (support_views.bp, catch_up_views.bp, booking_views.bp, message_views.bp):
    bp.register_blueprint(child)


@bp.route("/account")
@allow(HOUSEHOLD_ROLES)
def home():
    household = current_user.household
    bookings = events.bookings_for_user(user_id=current_user.id)
    return render_template(
        "account/home.html",
        user=current_user,
        household=household,
        journey=journey.journey_for(household.id),
        updates=journey.recent_updates(household.id, limit=5),
        is_family=current_user.role == Role.FAMILY,
        support_requests=support_calls.recent_requests_for_household(household.id),
        catch_up=catchup.setting_for(household.id),
        bookings=bookings,
        movable=events.movable(bookings),
        reminders_to_come={booking.id for booking in bookings if events.reminders_apply(booking)},
        past_bookings=events.past_bookings_for_user(user_id=current_user.id),
        waiting_surveys=surveys.waiting_for_household(household.id),
        peer_connector=connectors.active_link_for_household(household.id),
        unread=messages.unread_count(current_user),
        settings=agency.settings(),
    )


@bp.route("/account/journey")
@allow(HOUSEHOLD_ROLES)
def whole_journey():
    household = current_user.household
    return render_template(
        "account/journey.html",
        household=household,
        journey=journey.journey_for(household.id),
        steps=journey_steps.whole_journey(household.id),
    )


@bp.route("/account/ready-for-stage-two", methods=["POST"])
@allow(HOUSEHOLD_ROLES)  # the service refuses anyone not between stages
def ready_for_stage_two():
    if ConfirmForm().validate_on_submit():
        try:
            journey_steps.ready_for_stage_two(user_id=current_user.id)
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash("Thank you. Your social worker will be in touch to plan Stage 2.", "success")
    return redirect(url_for("account.home"))
