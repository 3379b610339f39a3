"""Staff pages for households: find one, record its stage, name its social
worker and post status updates."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.services import (
    accounts,
    audit,
    catchup,
    events,
    households,
    journey,
    journey_steps,
    subject_access,
    support_calls,
    triage,
)
from portal.services.errors import DomainError
from portal.web.access import MANAGERS_AND_ADMINS, STAFF, allow
from portal.web.query_args import PAGE, page_number, reads, text
from portal.web.staff.household_forms import (
    UPDATE_MAX_LENGTH,
    RecordStageForm,
    SocialWorkerForm,
    StatusUpdateForm,
)

bp = Blueprint("households", __name__, url_prefix="/households")
# Who may export or erase everything held about a household.
SEARCH = text("q", "Search", max_length=100)


@bp.route("")
@allow(STAFF)
@reads(SEARCH, PAGE)
def index():
    search = SEARCH.read() or ""
    page = households.search(query=search, page=page_number())
    stages = journey.current_stages([h.id for h in page.items])
    return render_template("staff/households.html", page=page, stages=stages, search=search)


def _render(household_id: int, *, stage_form=None, worker_form=None, update_form=None, status=200):
    household = accounts.get_household(household_id)
    worker_form = worker_form or SocialWorkerForm(social_worker=str(household.social_worker_id or ""))
    worker_form.social_worker.choices = [("", "Nobody yet")] + [
        (str(u.id), u.full_name) for u in households.staff_who_can_be_named()
    ]
    return render_template(
        "staff/household.html",
        household=household,
        requests=triage.items_for_household(household.id),
        support_requests=support_calls.recent_requests_for_household(household.id, limit=10),
        bookings=[b for adult in household.adults for b in events.bookings_for_user(user_id=adult.id)],
        catch_up=catchup.setting_for(household.id),
        journey=(household_journey := journey.journey_for(household.id)),
        courses_no_longer_needed=journey_steps.stage_one_courses_no_longer_needed(
            household.id, household_journey.stage
        ),
        history=journey.stage_history(household.id),
        updates=journey.recent_updates(household.id),
        stage_form=stage_form or RecordStageForm(prefix="stage"),
        worker_form=worker_form,
        update_form=update_form or StatusUpdateForm(prefix="update"),
        update_max_length=UPDATE_MAX_LENGTH,
        may_export_and_erase=current_user.role in MANAGERS_AND_ADMINS,
        # The form that failed, if any, for the error summary.
        form=next((f for f in (stage_form, worker_form, update_form) if f is not None), None),
    ), status


@bp.route("/<int:household_id>")
@allow(STAFF)
def show(household_id: int):
    household = accounts.get_household(household_id)
    audit.record_view(
        actor_id=current_user.id,
        record_type="household",
        record_id=household.id,
        summary=f"Household {household.id} page viewed",
    )
    return _render(household_id)


@bp.route("/<int:household_id>/stage", methods=["POST"])
@allow(STAFF)
def record_stage(household_id: int):
    form = RecordStageForm(prefix="stage")
    if form.validate_on_submit():
        try:
            journey.record_stage(
                household_id=household_id,
                stage=form.stage.data,
                started_on=form.started_on.data,
                actor_id=current_user.id,
                survey_delay_days=current_app.config["SURVEY_PRE_ORDER_DELAY_DAYS"],
            )
        except journey.StageDateInvalid as error:
            form.started_on.errors.append(str(error))
        else:
            flash("Stage recorded", "success")
            return redirect(url_for("staff.households.show", household_id=household_id))
    return _render(household_id, stage_form=form, status=400)


@bp.route("/<int:household_id>/social-worker", methods=["POST"])
@allow(STAFF)
def social_worker(household_id: int):
    form = SocialWorkerForm()
    form.social_worker.choices = [("", "Nobody yet")] + [
        (str(u.id), u.full_name) for u in households.staff_who_can_be_named()
    ]
    if form.validate_on_submit():
        try:
            journey.assign_social_worker(
                household_id=household_id,
                social_worker_id=int(form.social_worker.data) if form.social_worker.data else None,
                actor_id=current_user.id,
            )
        except DomainError as error:
            form.social_worker.errors.append(str(error))
        else:
            flash("Named social worker saved", "success")
            return redirect(url_for("staff.households.show", household_id=household_id))
    return _render(household_id, worker_form=form, status=400)


@bp.route("/<int:household_id>/updates", methods=["POST"])
@allow(STAFF)
def post_update(household_id: int):
    form = StatusUpdateForm(prefix="update")
    if form.validate_on_submit():
        journey.post_update(household_id=household_id, author_id=current_user.id, body=form.body.data)
        flash("Update posted and emailed to the household", "success")
        return redirect(url_for("staff.households.show", household_id=household_id))
    return _render(household_id, update_form=form, status=400)


@bp.route("/<int:household_id>/subject-access", methods=["POST"])
@allow(MANAGERS_AND_ADMINS)
def subject_access_export(household_id: int):
    archive = subject_access.export(
        household_id,
        write_readable=lambda summary: render_template("staff/subject_access_summary.html", summary=summary),
        actor_id=current_user.id,
    )
    return Response(
        archive,
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="subject-access-household-{household_id}.zip"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/<int:household_id>/erase")
@allow(MANAGERS_AND_ADMINS)
def check_erase(household_id: int):
    return render_template("staff/household_erase.html", household=accounts.get_household(household_id))


@bp.route("/<int:household_id>/erase", methods=["POST"])
@allow(MANAGERS_AND_ADMINS)
def erase(household_id: int):
    subject_access.erase(household_id, actor_id=current_user.id)
    flash(
        "Personal data erased. The household's dates, stages and outcomes are kept for the figures", "success"
    )
    return redirect(url_for("staff.households.show", household_id=household_id))
