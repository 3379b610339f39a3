"""A peer connector writes to the agency and reads the answers: one thread each."""

from __future__ import annotations

from flask import Blueprint

from portal.models.accounts import Role
from portal.web.access import allow
from portal.web.forms import form_with_what_was_typed
from portal.web.message_pages import MessageForm, household_or_connector_page
from portal.web.timeout import keeps_typed_forms

bp = Blueprint("connector_messages", __name__, url_prefix="/connector/messages")


@bp.route("", methods=["GET", "POST"])
@allow(Role.CONNECTOR)
@keeps_typed_forms
def thread():
    return household_or_connector_page(
        form=form_with_what_was_typed(MessageForm),
        endpoint="connector_messages.thread",
        back="connector.home",
    )
