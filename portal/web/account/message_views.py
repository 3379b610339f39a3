"""A household writes to the agency and reads the answers: one thread per household."""

from __future__ import annotations

from flask import Blueprint

from portal.web.access import HOUSEHOLD_ROLES, allow
from portal.web.forms import form_with_what_was_typed
from portal.web.message_pages import MessageForm, household_or_connector_page
from portal.web.timeout import keeps_typed_forms

bp = Blueprint("messages", __name__, url_prefix="/account/messages")


@bp.route("", methods=["GET", "POST"])
@allow(HOUSEHOLD_ROLES)
@keeps_typed_forms
def thread():
    return household_or_connector_page(
        form=form_with_what_was_typed(MessageForm), endpoint="account.messages.thread", back="account.home"
    )
