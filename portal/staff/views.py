"""The staff triage queue."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from portal.access import STAFF, allow
from portal.services import catchup, support_calls, triage

bp = Blueprint("staff", __name__, url_prefix="/staff")

FILTER_NAMES = ("kind", "council", "status", "assignee")


def _int_list(values: list[str]) -> tuple[int, ...]:
    try:
        return tuple(int(v) for v in values)
    except ValueError:
        abort(400)


def _page_number() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdecimal() else 1


@bp.route("/queue")
@allow(STAFF)
def queue():
    choices = triage.filter_choices()
    chosen = {name: request.args.getlist(name) for name in FILTER_NAMES}
    for name, values in chosen.items():
        allowed = {value for value, _ in choices[name]}
        if any(v not in allowed for v in values):
            abort(400)
    filters = triage.QueueFilters(
        kinds=tuple(chosen["kind"]),
        council_ids=_int_list(chosen["council"]),
        statuses=tuple(chosen["status"]),
        assignee_ids=_int_list(chosen["assignee"]),
    )
    page = triage.queue_page(
        filters=filters, page=_page_number(), page_size=current_app.config["QUEUE_PAGE_SIZE"]
    )

    def page_url(number: int) -> str:
        args = {name: values for name, values in chosen.items() if values}
        return url_for("staff.queue", page=number, **args)

    return render_template(
        "staff/queue.html",
        page=page,
        choices=choices,
        chosen=chosen,
        page_url=page_url,
        kind_label=triage.kind_label,
    )


@bp.route("/queue/<int:item_id>")
@allow(STAFF)
def item(item_id: int):
    """A queue item opens the page of the request behind it."""
    support_call = support_calls.request_for_triage_item(item_id)
    if support_call is not None:
        return redirect(url_for("staff_support.support_call", request_id=support_call.id))
    catch_up_call = catchup.call_for_triage_item(item_id)
    if catch_up_call is not None:
        return redirect(url_for("staff_support.catch_up_call", call_id=catch_up_call.id))
    return render_template("staff/item.html", item=triage.get_item(item_id), kind_label=triage.kind_label)
