"""The staff triage queue and each item's page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.services import catchup, connectors, messages, support_calls, triage, triage_people, urgency
from portal.services.errors import Conflict, DomainError
from portal.web import query_args
from portal.web.access import STAFF, allow, safe_next_path
from portal.web.forms import ConfirmForm
from portal.web.query_args import page_number, reads
from portal.web.staff.message_views import SAVED_REPLY, reply_form
from portal.web.staff.queue_forms import AssignForm, ItemNoteForm, ItemStatusForm, UrgentForm

bp = Blueprint("queue", __name__)
# A reference, name, email, phone number or postcode; blanked in the request log.
SEARCH = query_args.text("q", "Search", max_length=100)

def _choices_of(name: str):
    return lambda: [value for value, _ in triage.filter_choices()[name]]


FILTERS = (
    query_args.choice("kind", "Request", _choices_of("kind"), many=True),
    query_args.choice("council", "Council", _choices_of("council"), many=True),
    query_args.choice("status", "Status", _choices_of("status"), many=True),
    query_args.choice("assignee", "Assigned to", _choices_of("assignee"), many=True),
    query_args.choice("due", "Due", _choices_of("due"), many=True),
)


def _int_list(values: list[str]) -> tuple[int, ...]:
    try:
        return tuple(int(v) for v in values)
    except ValueError:
        abort(400)


def _staff_choices() -> list[tuple[str, str]]:
    return [(value, label) for value, label in triage.filter_choices()["assignee"] if value != "0"]


@bp.route("/queue")
@allow(STAFF)
@reads(*FILTERS, SEARCH, query_args.PAGE)
def index():
    choices = triage.filter_choices()
    chosen = {argument.name: list(argument.read_all()) for argument in FILTERS}
    search = (SEARCH.read() or "").strip()
    filters = triage.QueueFilters(
        kinds=tuple(chosen["kind"]),
        council_ids=_int_list(chosen["council"]),
        statuses=tuple(chosen["status"]),
        assignee_ids=_int_list(chosen["assignee"]),
        due=tuple(chosen["due"]),
        search=search,
    )
    page = triage.queue_page(
        filters=filters, page=page_number(), page_size=current_app.config["QUEUE_PAGE_SIZE"]
    )

    def page_url(number: int) -> str:
        args = {name: values for name, values in chosen.items() if values}
        return url_for("staff.queue.index", page=number, q=search or None, **args)

    assign_form = AssignForm()
    assign_form.assignee.choices = [("", "Nobody")] + _staff_choices()
    return render_template(
        "staff/queue.html",
        page=page,
        choices=choices,
        chosen=chosen,
        search=search,
        counts=triage.filter_counts(filters),
        page_url=page_url,
        kind_label=triage.kind_label,
        assign_form=assign_form,
        return_to=request.full_path.rstrip("?"),
    )


def _return_to(default: str) -> str:
    target = safe_next_path(request.form.get("return_to"))
    return target if target and target.startswith("/staff/queue") else default


def _versions() -> dict[int, int]:
    """Item id to the version the person saw, from hidden form fields."""
    versions = {}
    for key, value in request.form.items():
        if key.startswith("version-") and key[8:].isdigit() and value.isdigit():
            versions[int(key[8:])] = int(value)
    return versions


@bp.route("/queue/assign", methods=["POST"])
@allow(STAFF)
def assign():
    """Assign the ticked items (or one item) to someone, or to me."""
    form = AssignForm()
    form.assignee.choices = [("", "Nobody")] + _staff_choices()
    item_ids = _int_list(request.form.getlist("item"))
    back = _return_to(url_for("staff.queue.index"))
    if not item_ids:
        flash("Tick at least one request to assign", "error")
        return redirect(back)
    if not form.validate_on_submit():
        abort(400)
    assignee = (
        current_user.id if form.to_me.data else (int(form.assignee.data) if form.assignee.data else None)
    )
    try:
        items = triage.assign(
            item_ids=list(item_ids),
            assignee_id=assignee,
            actor_id=current_user.id,
            expected_versions=_versions(),
        )
    except Conflict as error:
        flash(str(error), "error")
        return redirect(back)
    except DomainError as error:
        flash(str(error), "error")
        return redirect(back)
    flash(f"Assigned {len(items)} {'request' if len(items) == 1 else 'requests'}", "success")
    return redirect(back)


@bp.route("/queue/<int:item_id>", methods=["GET"])
@allow(STAFF)
@reads(SAVED_REPLY)
def item(item_id: int):
    return _render_item(item_id, saved_reply_id=SAVED_REPLY.read())


def _render_item(
    item_id: int, *, status_form=None, note_form=None, urgent_form=None, saved_reply_id=None, status=200
):
    item = triage.get_item(item_id)
    conversation = (
        messages.read_for_item(item_id=item.id, staff_id=current_user.id, audited=request.method == "GET")
        if item.kind == "message"
        else None
    )
    assign_form = AssignForm()
    assign_form.assignee.choices = [("", "Nobody")] + _staff_choices()
    status_form = status_form or ItemStatusForm(prefix="status", status=item.status)
    return render_template(
        "staff/item.html",
        item=item,
        kind_label=triage.kind_label,
        history=triage.history(item),
        support_call=support_calls.request_for_triage_item(item.id),
        catch_up_call=catchup.call_for_triage_item(item.id),
        connector_link=connectors.link_for_triage_item(item.id),
        connector_concern=connectors.concern_for_triage_item(item.id),
        who=triage_people.who_and_how(item),
        conversation=conversation,
        reply_form=reply_form(saved_reply_id),
        saved_replies=messages.all_replies() if conversation else [],
        urgent_form=urgent_form or UrgentForm(prefix="urgent"),
        assign_form=assign_form,
        status_form=status_form,
        note_form=note_form or ItemNoteForm(prefix="note"),
        form=status_form
        if status_form.errors
        else (urgent_form if urgent_form and urgent_form.errors else note_form),
    ), status


@bp.route("/queue/<int:item_id>/status", methods=["POST"])
@allow(STAFF)
def change_status(item_id: int):
    form = ItemStatusForm(prefix="status")
    if form.validate_on_submit():
        try:
            triage.change_status(
                item_id=item_id,
                status=form.status.data,
                note=form.note.data,
                actor_id=current_user.id,
                expected_version=_versions().get(item_id, -1),
            )
        except Conflict as error:
            flash(str(error), "error")
            return redirect(url_for("staff.queue.item", item_id=item_id))
        flash("Status changed", "success")
        return redirect(url_for("staff.queue.item", item_id=item_id))
    return _render_item(item_id, status_form=form, status=400)


@bp.route("/queue/<int:item_id>/notes", methods=["POST"])
@allow(STAFF)
def add_note(item_id: int):
    form = ItemNoteForm(prefix="note")
    if form.validate_on_submit():
        triage.add_note(item_id=item_id, body=form.body.data, actor_id=current_user.id)
        flash("Note added", "success")
        return redirect(url_for("staff.queue.item", item_id=item_id))
    return _render_item(item_id, note_form=form, status=400)


@bp.route("/queue/<int:item_id>/urgent", methods=["POST"])
@allow(STAFF)
def flag_urgent(item_id: int):
    form = UrgentForm(prefix="urgent")
    if form.validate_on_submit():
        urgency.flag(item_id=item_id, reason=form.reason.data, actor_id=current_user.id)
        flash("Marked urgent: it now sorts above everything else", "success")
        return redirect(url_for("staff.queue.item", item_id=item_id))
    return _render_item(item_id, urgent_form=form, status=400)


@bp.route("/queue/<int:item_id>/not-urgent", methods=["POST"])
@allow(STAFF)
def clear_urgent(item_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    urgency.clear(item_id=item_id, actor_id=current_user.id)
    flash("No longer urgent", "success")
    return redirect(url_for("staff.queue.item", item_id=item_id))
