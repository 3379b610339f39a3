"""Emails the sender gave up on: admins see them (never their content) and try again."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.models.accounts import Role
from portal.services import email
from portal.services.errors import DomainError, NotFound
from portal.web.access import allow
from portal.web.forms import ConfirmForm
from portal.web.query_args import PAGE, page_number, reads

bp = Blueprint("emails", __name__, url_prefix="/emails")


@bp.route("/failed")
@allow(Role.ADMIN)
@reads(PAGE)
def failed():
    page = email.failed_messages(page=page_number())
    return render_template("staff/failed_emails.html", page=page, form=ConfirmForm())


@bp.route("/failed/<int:message_id>/retry", methods=["POST"])
@allow(Role.ADMIN)
def retry(message_id: int):
    form = ConfirmForm()
    if not form.validate_on_submit():
        return redirect(url_for("staff.emails.failed"))
    try:
        email.retry_failed(message_id=message_id, actor_id=current_user.id)
    except NotFound:
        flash("That email has already been put back to send, or was never given up on.", "important")
    except DomainError as error:
        flash(str(error), "important")
    else:
        flash(f"Email {message_id} will be sent again within a minute", "success")
    return redirect(url_for("staff.emails.failed"))
