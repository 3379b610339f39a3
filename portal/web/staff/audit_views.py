"""The audit log, filtered by person, record, action and date, with CSV."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, render_template, request, url_for

from portal.models.accounts import Role
from portal.services import audit_log, clock
from portal.web.access import allow
from portal.web.downloads import csv_response
from portal.web.query_args import page_number

bp = Blueprint("staff_audit", __name__, url_prefix="/staff/audit")

AUDIT_ROLES = (Role.MANAGER, Role.ADMIN)
FILTER_ARGS = ("actor", "record_type", "record_id", "action", "since", "until")


def _int_or_none(name: str) -> int | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        abort(400)
    return int(raw)


def _date_or_none(name: str) -> date | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        abort(400)


def _filters() -> audit_log.AuditFilters:
    return audit_log.AuditFilters(
        actor_id=_int_or_none("actor"),
        record_type=request.args.get("record_type", "").strip()[:40] or None,
        record_id=_int_or_none("record_id"),
        action=request.args.get("action", "").strip()[:60] or None,
        since=_date_or_none("since"),
        until=_date_or_none("until"),
    )


@bp.route("")
@allow(AUDIT_ROLES)
def index():
    page = audit_log.search(filters=_filters(), page=page_number())
    chosen = {name: request.args.get(name, "") for name in FILTER_ARGS}
    kept = {name: value for name, value in chosen.items() if value}

    def page_url(number: int) -> str:
        return url_for("staff_audit.index", page=number, **kept)

    return render_template(
        "staff/audit.html",
        page=page,
        chosen=chosen,
        record_types=audit_log.record_types(),
        page_url=page_url,
        csv_url=url_for("staff_audit.download", **kept),
    )


@bp.route("/audit.csv")
@allow(AUDIT_ROLES)
def download():
    events = audit_log.export(filters=_filters())
    rows = [["When (London)", "Who (user id)", "Who", "Action", "Record", "Record id", "Summary"]]
    rows += [
        [
            clock.to_london(e.at).strftime("%Y-%m-%d %H:%M:%S"),
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
