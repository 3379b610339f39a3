"""Staff work support-and-advice calls and catch-up calls."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.services import catchup, clock, households, site, support_call_followups, support_calls
from portal.services.errors import DomainError
from portal.web.access import STAFF, allow
from portal.web.forms import form_with_what_was_typed, parse_time
from portal.web.staff.support_forms import (
    NOT_REACHED,
    CancelCallForm,
    CatchUpLogForm,
    ScheduleCallForm,
    SupportOutcomeForm,
)
from portal.web.timeout import keeps_typed_forms

bp = Blueprint("support", __name__)


def _schedule_form(form=None) -> ScheduleCallForm:
    form = form or ScheduleCallForm(prefix="schedule")
    form.social_worker.choices = [("", "Choose")] + [
        (str(u.id), u.full_name) for u in households.staff_who_can_be_named()
    ]
    return form


def _render_call(
    request_id: int, *, schedule_form=None, outcome_form=None, cancel_form=None, warnings=(), status=200
):
    request = support_calls.get_request(request_id)
    return render_template(
        "staff/support_call.html",
        request=request,
        schedule_form=_schedule_form(schedule_form),
        outcome_form=outcome_form or SupportOutcomeForm(prefix="outcome"),
        cancel_form=cancel_form or CancelCallForm(prefix="cancel"),
        form=schedule_form or outcome_form or cancel_form,
        warnings=warnings,
    ), status


@bp.route("/support-calls/<int:request_id>")
@allow(STAFF)
def support_call(request_id: int):
    return _render_call(request_id)


@bp.route("/support-calls/<int:request_id>/schedule", methods=["POST"])
@allow(STAFF)
def schedule(request_id: int):
    form = _schedule_form()
    if form.validate_on_submit():
        moment = parse_time(form.time.data)
        assert moment is not None  # the form has checked it
        when = clock.london_to_utc(form.day.data, moment)
        warnings = support_call_followups.time_warnings(request_id=request_id, when=when)
        if warnings and form.warned_for.data != when.isoformat():
            form.warned_for.data = when.isoformat()
            return _render_call(request_id, schedule_form=form, warnings=warnings)
        try:
            support_calls.schedule(
                request_id=request_id,
                when=when,
                social_worker_id=int(form.social_worker.data),
                actor_id=current_user.id,
            )
        except DomainError as error:
            form.day.errors.append(str(error))
        else:
            flash("Call booked and the family emailed", "success")
            return redirect(url_for("staff.support.support_call", request_id=request_id))
    return _render_call(request_id, schedule_form=form, status=400)


@bp.route("/support-calls/<int:request_id>/outcome", methods=["POST"])
@allow(STAFF)
def outcome(request_id: int):
    form = SupportOutcomeForm(prefix="outcome")
    if form.validate_on_submit():
        try:
            if form.outcome.data == NOT_REACHED:
                support_call_followups.could_not_reach(
                    request_id=request_id,
                    actor_id=current_user.id,
                    account_link=site.link(url_for("account.home")),
                )
                message = "Attempt recorded and the family emailed: book another time"
            else:
                support_calls.record_outcome(
                    request_id=request_id,
                    outcome=form.outcome.data,
                    agreed=form.agreed.data or "",
                    actor_id=current_user.id,
                    survey_delay_days=current_app.config["SURVEY_POST_ORDER_DELAY_DAYS"],
                )
                message = "Outcome recorded"
        except DomainError as error:
            form.outcome.errors.append(str(error))
        else:
            flash(message, "success")
            return redirect(url_for("staff.support.support_call", request_id=request_id))
    return _render_call(request_id, outcome_form=form, status=400)


@bp.route("/support-calls/<int:request_id>/cancel", methods=["POST"])
@allow(STAFF)
def cancel(request_id: int):
    form = CancelCallForm(prefix="cancel")
    if form.validate_on_submit():
        try:
            support_calls.cancel(
                request_id=request_id, actor_id=current_user.id, by_family=False, reason=form.reason.data
            )
        except DomainError as error:
            form.reason.errors.append(str(error))
        else:
            flash("Call cancelled and the family emailed", "success")
            return redirect(url_for("staff.support.support_call", request_id=request_id))
    return _render_call(request_id, cancel_form=form, status=400)


@bp.route("/catch-up-calls/<int:call_id>", methods=["GET", "POST"])
@allow(STAFF)
@keeps_typed_forms
def catch_up_call(call_id: int):
    call = catchup.get_call(call_id)
    form = form_with_what_was_typed(CatchUpLogForm)
    if form.validate_on_submit():
        try:
            catchup.log_call(call_id=call.id, outcome=form.outcome.data, actor_id=current_user.id)
        except DomainError as error:
            form.outcome.errors.append(str(error))
        else:
            flash("Call logged", "success")
            return redirect(url_for("staff.support.catch_up_call", call_id=call.id))
    setting = catchup.setting_for(call.household_id)
    return render_template("staff/catch_up_call.html", call=call, form=form, setting=setting), (
        400 if form.is_submitted() else 200
    )
