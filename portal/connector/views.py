"""A peer connector's home."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from portal.access import allow
from portal.models.accounts import Role

bp = Blueprint("connector", __name__, url_prefix="/connector")


@bp.route("")
@allow(Role.CONNECTOR)
def home():
    return render_template("connector/home.html", user=current_user)
