"""The audit log, filtered by person, record, action and date, with CSV."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for

from portal.services import audit_log, clock
from portal.web import query_args
from portal.web.access import MANAGERS_AND_ADMINS, allow
from portal.web.downloads import csv_response
from portal.web.query_args import page_number, reads

bp = Blueprint("audit", __name__, url_prefix="/audit")


ACTOR = query_args.whole_number("actor", "Person (user number)")
RECORD_TYPE = query_args.text("record_type", "Record", max_length=40)
RECORD_ID = query_args.whole_number("record_id", "Record number")
ACTION = query_args.text("action", "Action", max_length=60)
SINCE = query_args.day("since", "From date")
UNTIL = query_args.day("until", "To date")
FILTERS = (ACTOR, RECORD_TYPE, RECORD_ID, ACTION, SINCE, UNTIL)


def _filters() -> audit_log.AuditFilters:
    return audit_log.AuditFilters(
        actor_id=ACTOR.read(),
        record_type=RECORD_TYPE.read(),
        record_id=RECORD_ID.read(),
        action=ACTION.read(),
        since=SINCE.read(),
        until=UNTIL.read(),
    )


@bp.route("")
@allow(MANAGERS_AND_ADMINS)
@reads(*FILTERS, query_args.PAGE)
def index():
    page = audit_log.search(filters=_filters(), page=page_number())
    chosen = {argument.name: argument.raw() for argument in FILTERS}
    kept = {name: value for name, value in chosen.items() if value}

    def page_url(number: int) -> str:
        return url_for("staff.audit.index", page=number, **kept)

    return render_template(
        "staff/audit.html",
        page=page,
        chosen=chosen,
        record_types=audit_log.record_types(),
        page_url=page_url,
        csv_url=url_for("staff.audit.download", **kept),
    )


@bp.route("/audit.csv")
@allow(MANAGERS_AND_ADMINS)
@reads(*FILTERS)
def download():
    events = audit_log.export(filters=_filters())
    rows = [["When (London)", "Who (user id)", "Who", "Action", "Record", "Record id", "Summary"]]
    rows += [
        [
            clock.to_london(e.at),
            e.actor_id or "",
            e.actor.full_name if e.actor else "System",
            e.action,
            e.record_type,
            e.record_id or "",
            e.summary,
        ]
        for e in events
    ]
    return csv_response("audit-log.csv", rows)
