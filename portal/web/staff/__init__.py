"""/staff: one parent blueprint holding each view module's blueprint; each
module's forms are beside it (``<module>_forms.py``), shared ones in web/forms.py."""

from __future__ import annotations

from flask import Blueprint

from portal.web.staff import (
    admin_views,
    annual_report_views,
    audit_views,
    connector_views,
    council_views,
    deployment_views,
    email_views,
    event_views,
    household_views,
    import_views,
    message_views,
    queue_views,
    report_views,
    session_register_views,
    settings_views,
    setup_views,
    support_views,
    work_contact_views,
)

bp = Blueprint("staff", __name__, url_prefix="/staff")
for view_module in (
    queue_views,
    admin_views,
    household_views,
    settings_views,
    setup_views,
    council_views,
    deployment_views,
    import_views,
    support_views,
    event_views,
    session_register_views,
    report_views,
    annual_report_views,
    audit_views,
    connector_views,
    email_views,
    message_views,
    work_contact_views,
):
    bp.register_blueprint(view_module.bp)
