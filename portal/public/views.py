"""Pages anyone can see: the start page, the site's policies, health."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template

from portal.access import public
from portal.services import health

bp = Blueprint("public", __name__)


@bp.route("/")
@public
def start():
    return render_template("public/start.html")


@bp.route("/accessibility")
@public
def accessibility():
    return render_template("public/accessibility.html")


@bp.route("/privacy")
@public
def privacy():
    return render_template("public/privacy.html")


@bp.route("/cookies")
@public
def cookies():
    return render_template("public/cookies.html")


@bp.route("/healthz")
@public
def healthz():
    if health.database_ok():
        return jsonify(status="ok", database="ok"), 200
    return jsonify(status="unavailable", database="unreachable"), 503
