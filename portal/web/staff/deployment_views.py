"""The deployment check on an admin's page: the same checks as
``flask check-deployment`` (services/deployment_check.py)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from portal.models.accounts import Role
from portal.services import deployment_check
from portal.web.access import allow

bp = Blueprint("deployment", __name__, url_prefix="/deployment")


@bp.route("")
@allow(Role.ADMIN)
def index():
    checks = deployment_check.run(deployment_check.from_config(current_app.config))
    return render_template("staff/deployment.html", checks=checks, blocking=deployment_check.blocking(checks))
