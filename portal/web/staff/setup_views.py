"""A new agency's set-up checklist, and opening the service once it is done."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.models.accounts import Role
from portal.services import setup
from portal.services.errors import DomainError
from portal.web.access import allow
from portal.web.forms import ConfirmForm

bp = Blueprint("setup", __name__, url_prefix="/setup")

# Where each step of the checklist is done.
STEP_PAGES = {
    "agency": ("staff.settings.edit", "agency"),
    "team_inbox": ("staff.settings.edit", "team-inbox"),
    "councils": ("staff.councils.index", None),
    "pack": ("staff.settings.edit", "pack"),
    "promises": ("staff.settings.edit", "promises"),
    "sender": ("staff.setup.index", "sender"),
}


def _href(key: str) -> str:
    endpoint, anchor = STEP_PAGES[key]
    return url_for(endpoint, _anchor=anchor)


@bp.route("")
@allow(Role.ADMIN)
def index():
    steps = setup.checklist()
    return render_template(
        "staff/setup.html",
        steps=steps,
        href=_href,
        complete=all(step.done for step in steps),
        is_open=setup.is_open(),
        email_from=current_app.config["EMAIL_FROM"],
        email_backend=current_app.config["EMAIL_BACKEND"],
    )


@bp.route("/<any('test-email', open):action>", methods=["POST"])
@allow(Role.ADMIN)
def act(action: str):
    if ConfirmForm().validate_on_submit():
        try:
            if action == "open":
                setup.open_service(actor_id=current_user.id)
                flash("The service is open: people can now ask for the pack and book events", "success")
            else:
                setup.send_test_email(actor_id=current_user.id)
                flash(
                    "Test email queued for the team inbox: this step is done once it has been sent", "success"
                )
        except DomainError as error:
            flash(str(error), "error")
    return redirect(url_for("staff.setup.index"))
