"""The agency's settings, kept as data so another agency can run the portal."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.models.accounts import Role
from portal.services import agency, setup
from portal.web.access import allow
from portal.web.staff.settings_forms import AgencySettingsForm

bp = Blueprint("settings", __name__, url_prefix="/settings")


@bp.route("", methods=["GET", "POST"])
@allow(Role.ADMIN)
def edit():
    form = AgencySettingsForm(obj=agency.settings())
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in agency.SETTING_FIELDS}
        agency.update_settings(actor_id=current_user.id, **values)
        flash("Settings saved", "success")
        # While the agency sets up, each save returns to the checklist.
        return redirect(url_for("staff.settings.edit" if setup.is_open() else "staff.setup.index"))
    status = 400 if form.is_submitted() else 200
    return render_template("staff/settings.html", form=form), status
