"""The agency's councils, managed by an admin (services/councils.py)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.models.accounts import Role
from portal.services import councils
from portal.services.errors import DomainError
from portal.web.access import allow
from portal.web.forms import ConfirmForm
from portal.web.staff.council_forms import IN_REGION, OUTSIDE, CouncilForm

bp = Blueprint("councils", __name__, url_prefix="/councils")


@bp.route("", methods=["GET", "POST"])
@allow(Role.ADMIN)
def index():
    form = CouncilForm(region=IN_REGION)
    form.submit.label.text = "Add council"
    if form.validate_on_submit():
        try:
            council = councils.add(name=form.name.data, in_region=form.in_region, actor_id=current_user.id)
        except DomainError as error:
            form.name.errors.append(str(error))
        else:
            flash(f"{council.name} added", "success")
            return redirect(url_for("staff.councils.index"))
    status = 400 if form.is_submitted() else 200
    return render_template("staff/councils.html", form=form, councils=councils.all_councils()), status


@bp.route("/<int:council_id>", methods=["GET", "POST"])
@allow(Role.ADMIN)
def change(council_id: int):
    council = councils.get(council_id)
    form = CouncilForm(obj=council, region=IN_REGION if council.in_region else OUTSIDE)
    if form.validate_on_submit():
        try:
            councils.change(
                council_id=council_id, name=form.name.data, in_region=form.in_region, actor_id=current_user.id
            )
        except DomainError as error:
            form.name.errors.append(str(error))
        else:
            flash("Council saved", "success")
            return redirect(url_for("staff.councils.index"))
    status = 400 if form.is_submitted() else 200
    return render_template("staff/council.html", form=form, council=council), status


ACTIONS = {
    "up": lambda council_id, actor_id: councils.move(council_id=council_id, places=-1, actor_id=actor_id),
    "down": lambda council_id, actor_id: councils.move(council_id=council_id, places=1, actor_id=actor_id),
    "retire": lambda council_id, actor_id: councils.retire(council_id=council_id, actor_id=actor_id),
    "bring-back": lambda council_id, actor_id: councils.bring_back(council_id=council_id, actor_id=actor_id),
}


@bp.route("/<int:council_id>/<any(up, down, retire, 'bring-back'):action>", methods=["POST"])
@allow(Role.ADMIN)
def act(council_id: int, action: str):
    councils.get(council_id)
    if ConfirmForm().validate_on_submit():
        try:
            council = ACTIONS[action](council_id, current_user.id)
        except DomainError as error:
            flash(str(error), "error")
        else:
            if action in ("retire", "bring-back"):
                done = (
                    "retired: it stays on the records that name it" if action == "retire" else "offered again"
                )
                flash(f"{council.name} {done}", "success")
    return redirect(url_for("staff.councils.index"))
