"""Catch-up calls: a family opts in, changes how often, or opts out."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.models.accounts import Role
from portal.services import catchup
from portal.web.access import allow
from portal.web.account.catch_up_forms import CatchUpForm

bp = Blueprint("catch_up", __name__, url_prefix="/catch-up-calls")


@bp.route("", methods=["GET", "POST"])
@allow(Role.FAMILY)
def manage():
    household_id = current_user.household_id
    setting = catchup.setting_for(household_id)
    form = CatchUpForm(frequency=str(setting.frequency_years) if setting.frequency_years else None)
    if setting.adoption_order_on and form.validate_on_submit():
        frequency = None if form.frequency.data == "none" else int(form.frequency.data)
        catchup.set_frequency(household_id=household_id, frequency_years=frequency, actor_id=current_user.id)
        flash("We have saved your choice" if frequency else "You will not get catch-up calls", "success")
        return redirect(url_for("account.catch_up.manage"))
    status = 400 if form.is_submitted() else 200
    return render_template("account/catch_up.html", form=form, setting=setting), status
