"""A family asks for a support-and-advice call, and can cancel it."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_login import current_user

from portal.models.accounts import Role
from portal.services import agency, support_calls
from portal.services.errors import DomainError, NotFound
from portal.web.access import allow
from portal.web.account.support_forms import NOTE_MAX_LENGTH, SupportCallForm
from portal.web.forms import ConfirmForm, form_with_what_was_typed
from portal.web.timeout import keeps_typed_forms

bp = Blueprint("support_call", __name__, url_prefix="/support-call")


@bp.route("", methods=["GET", "POST"])
@allow(Role.FAMILY)
@keeps_typed_forms
def ask():
    form = form_with_what_was_typed(SupportCallForm, phone=current_user.phone)
    if form.validate_on_submit():
        request = support_calls.request_call(
            user_id=current_user.id,
            best_times=form.best_times.data,
            phone=form.phone.data,
            note=form.note.data,
        )
        session["support_call_reference"] = request.triage_item.reference
        return redirect(url_for("account.support_call.requested"))
    return render_template(
        "account/support_call.html",
        form=form,
        note_max_length=NOTE_MAX_LENGTH,
        working_days=agency.support_call_working_days(),
    ), (400 if form.is_submitted() else 200)


@bp.route("/requested")
@allow(Role.FAMILY)
def requested():
    return render_template(
        "account/support_call_requested.html",
        reference=session.get("support_call_reference"),
        working_days=agency.support_call_working_days(),
    )


@bp.route("/<int:request_id>/cancel", methods=["POST"])
@allow(Role.FAMILY)
def cancel(request_id: int):
    if ConfirmForm().validate_on_submit():
        try:
            support_calls.cancel(request_id=request_id, actor_id=current_user.id, by_family=True)
        except NotFound:
            raise  # the same 404 page for another household's call and a missing one
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash("Your call is cancelled", "success")
    return redirect(url_for("account.home"))
