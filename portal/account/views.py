"""An applicant's or family's home."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from portal.access import HOUSEHOLD_ROLES, allow

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("")
@allow(HOUSEHOLD_ROLES)
def home():
    return render_template("account/home.html", user=current_user, household=current_user.household)
