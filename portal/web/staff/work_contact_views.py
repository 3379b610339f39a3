"""An admin records a member of staff's work phone and email."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.models.accounts import Role
from portal.services import accounts, staff_contacts
from portal.services.errors import DomainError
from portal.web.access import allow
from portal.web.staff.message_forms import WorkContactForm

bp = Blueprint("work_contact", __name__, url_prefix="/users")


@bp.route("/<int:user_id>/work-contact", methods=["GET", "POST"])
@allow(Role.ADMIN)
def edit(user_id: int):
    person = accounts.get_user(user_id)
    if not person.is_staff:
        abort(404)
    form = WorkContactForm(obj=person)
    if form.validate_on_submit():
        try:
            staff_contacts.set_work_contact(
                user_id=person.id,
                phone=form.work_phone.data,
                email=form.work_email.data,
                actor_id=current_user.id,
            )
        except DomainError:
            abort(404)
        flash("Work contact details saved", "success")
        return redirect(url_for("staff.admin.user", user_id=person.id))
    return render_template("staff/work_contact.html", person=person, form=form), (
        400 if form.is_submitted() else 200
    )
