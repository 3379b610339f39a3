"""/account: an applicant's or family's home (where they are, who to contact,
what is new), the parent blueprint of their support calls, catch-up calls and
bookings."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from portal.models.accounts import Role
from portal.services import agency, catchup, connectors, events, journey, messages, support_calls, surveys
from portal.web.access import HOUSEHOLD_ROLES, allow
from portal.web.account import booking_views, catch_up_views, message_views, support_views

bp = Blueprint("account", __name__)
for child in (support_views.bp, catch_up_views.bp, booking_views.bp, message_views.bp):
    bp.register_blueprint(child)


@bp.route("/account")
@allow(HOUSEHOLD_ROLES)
def home():
    household = current_user.household
    return render_template(
        "account/home.html",
        user=current_user,
        household=household,
        journey=journey.journey_for(household.id),
        updates=journey.recent_updates(household.id, limit=5),
        is_family=current_user.role == Role.FAMILY,
        support_requests=support_calls.recent_requests_for_household(household.id),
        catch_up=catchup.setting_for(household.id),
        bookings=events.bookings_for_user(user_id=current_user.id),
        waiting_surveys=surveys.waiting_for_household(household.id),
        peer_connector=connectors.active_link_for_household(household.id),
        unread=messages.unread_count(current_user),
        settings=agency.settings(),
    )
