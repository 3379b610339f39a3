"""A family asks for a support-and-advice call, asks for another time, and
can cancel it after confirming."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_login import current_user

from portal.models.accounts import Role
from portal.services import agency, support_call_followups, support_calls
from portal.services.errors import DomainError
from portal.web.access import allow
from portal.web.account.support_forms import NOTE_MAX_LENGTH, AnotherTimeForm, SupportCallForm
from portal.web.forms import ConfirmForm, form_with_what_was_typed
from portal.web.timeout import keeps_typed_forms

bp = Blueprint("support_call", __name__, url_prefix="/support-call")


@bp.route("", methods=["GET", "POST"])
@allow(Role.FAMILY)
@keeps_typed_forms
def ask():
    open_calls = support_calls.open_requests_for_household(current_user.household_id)
    if open_calls:
        return render_template("account/support_call_open.html", call=open_calls[0])
    form = form_with_what_was_typed(SupportCallForm, phone=current_user.phone)
    if form.validate_on_submit():
        try:
            request = support_calls.request_call(
                user_id=current_user.id,
                best_times=form.best_times.data,
                phone=form.phone.data,
                note=form.note.data,
            )
        except support_calls.CallAlreadyOpen:
            return redirect(url_for("account.support_call.ask"))
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


@bp.route("/<int:request_id>/another-time", methods=["GET", "POST"])
@allow(Role.FAMILY)
@keeps_typed_forms
def another_time(request_id: int):
    call = support_call_followups.family_request(request_id=request_id, user_id=current_user.id)
    form = form_with_what_was_typed(AnotherTimeForm)
    if form.validate_on_submit():
        try:
            support_call_followups.ask_for_another_time(
                request_id=call.id, user_id=current_user.id, best_times=form.best_times.data
            )
        except DomainError as error:
            form.best_times.errors.append(str(error))
        else:
            flash("We have your new times. We will email you when the call is booked.", "success")
            return redirect(url_for("account.home"))
    return render_template("account/support_call_another_time.html", call=call, form=form), (
        400 if form.is_submitted() else 200
    )


@bp.route("/<int:request_id>/cancel", methods=["GET", "POST"])
@allow(Role.FAMILY)
def cancel(request_id: int):
    # Another household's call answers 404, like one that does not exist.
    call = support_call_followups.family_request(request_id=request_id, user_id=current_user.id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            support_calls.cancel(request_id=call.id, actor_id=current_user.id, by_family=True)
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash("Your call is cancelled", "success")
        return redirect(url_for("account.home"))
    return render_template("account/support_call_cancel.html", call=call, form=form)
