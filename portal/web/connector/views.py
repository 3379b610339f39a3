"""A peer connector's pages: their families, answering new links, the contact
log, telling staff something, closing a link, and their own profile.

Every link page looks the link up as the signed-in connector's own: another
connector's link answers 404, as if it did not exist."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.models.accounts import Role
from portal.models.connectors import LinkStatus
from portal.services import clock, connectors, messages
from portal.services.errors import DomainError
from portal.web.access import allow
from portal.web.connector.forms import (
    CONCERN_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    ConcernForm,
    ContactForm,
    DeclineForm,
)
from portal.web.connector_profile import CloseForm, ProfileForm, profile_form, save_profile
from portal.web.downloads import csv_response
from portal.web.forms import form_with_what_was_typed
from portal.web.timeout import keeps_typed_forms

bp = Blueprint("connector", __name__, url_prefix="/connector")


@bp.route("")
@allow(Role.CONNECTOR)
def home():
    return render_template(
        "connector/home.html",
        user=current_user,
        home=connectors.home_for_connector(current_user.id),
        profile=connectors.profile_for(current_user.id),
        unread=messages.unread_count(current_user),
    )


@bp.route("/profile", methods=["GET", "POST"])
@allow(Role.CONNECTOR)
def profile():
    view = connectors.profile_for(current_user.id)
    form = profile_form(view, ProfileForm() if _posted() else None)
    if _posted():
        if save_profile(form, current_user.id):
            flash("Profile saved", "success")
            return redirect(url_for("connector.home"))
        return render_template("connector/profile.html", form=form), 400
    return render_template("connector/profile.html", form=form)


def _posted() -> bool:
    return request.method == "POST"


def _render_link(link_id: int, *, contact_form=None, concern_form=None, decline_form=None, status=200):
    view = connectors.link_for_connector(link_id=link_id, user_id=current_user.id)
    active = view.link.status == LinkStatus.ACTIVE
    return render_template(
        "connector/link.html",
        view=view,
        contacts=connectors.contacts(view.id) if active else [],
        concerns=connectors.concerns_for_link(view.id),
        answer_by=connectors.answer_due(view.link.proposed_at),
        contact_form=contact_form or ContactForm(prefix="contact", formdata=None, contact_on=clock.today()),
        concern_form=concern_form or ConcernForm(prefix="concern", formdata=None),
        decline_form=decline_form or DeclineForm(prefix="decline", formdata=None),
        note_max_length=NOTE_MAX_LENGTH,
        concern_max_length=CONCERN_MAX_LENGTH,
        form=contact_form or concern_form or decline_form,
    ), status


@bp.route("/links/<int:link_id>")
@allow(Role.CONNECTOR)
def link(link_id: int):
    return _render_link(link_id)


@bp.route("/links/<int:link_id>/accept", methods=["POST"])
@allow(Role.CONNECTOR)
def accept(link_id: int):
    try:
        connectors.accept(link_id=link_id, user_id=current_user.id)
    except connectors.LinkStateInvalid as error:
        flash(str(error), "error")
        return redirect(url_for("connector.link", link_id=link_id))
    flash("Link accepted. The household has been told you will be in touch.", "success")
    return redirect(url_for("connector.link", link_id=link_id))


@bp.route("/links/<int:link_id>/decline", methods=["POST"])
@allow(Role.CONNECTOR)
def decline(link_id: int):
    form = DeclineForm(prefix="decline")
    if form.validate_on_submit():
        try:
            connectors.decline(link_id=link_id, user_id=current_user.id, reason=form.reason.data)
        except connectors.LinkStateInvalid as error:
            form.reason.errors = [str(error)]
        else:
            flash("Link declined. Thank you for letting us know.", "success")
            return redirect(url_for("connector.home"))
    return _render_link(link_id, decline_form=form, status=400)


@bp.route("/links/<int:link_id>/contacts", methods=["POST"])
@allow(Role.CONNECTOR)
def log_contact(link_id: int):
    form = ContactForm(prefix="contact")
    if form.validate_on_submit():
        try:
            connectors.log_contact(
                link_id=link_id,
                user_id=current_user.id,
                contact_on=form.contact_on.data,
                method=form.method.data,
                note=form.note.data,
            )
        except DomainError as error:
            form.contact_on.errors = [str(error)]
        else:
            flash("Contact logged", "success")
            return redirect(url_for("connector.link", link_id=link_id))
    return _render_link(link_id, contact_form=form, status=400)


@bp.route("/links/<int:link_id>/contacts.csv")
@allow(Role.CONNECTOR)
def contacts_csv(link_id: int):
    view = connectors.link_for_connector(link_id=link_id, user_id=current_user.id)
    rows = [
        [contact.contact_on.isoformat(), contact.method_label, contact.note]
        for contact in connectors.contacts(view.id)
    ]
    return csv_response(f"contacts-link-{view.id}.csv", [["Date", "How", "Note"], *rows])


@bp.route("/links/<int:link_id>/tell-staff", methods=["POST"])
@allow(Role.CONNECTOR)
def tell_staff(link_id: int):
    form = ConcernForm(prefix="concern")
    if form.validate_on_submit():
        try:
            concern = connectors.raise_concern(
                link_id=link_id,
                user_id=current_user.id,
                body=form.body.data,
                safeguarding=form.safeguarding.data,
            )
        except DomainError as error:
            form.body.errors = [str(error)]
        else:
            flash(
                f"Staff have been told today (reference {concern.triage_item.reference}). "
                "If a child is in immediate danger, call 999."
                if concern.safeguarding
                else f"Staff have been told (reference {concern.triage_item.reference}) "
                "and will contact you if they need to.",
                "success",
            )
            return redirect(url_for("connector.link", link_id=link_id))
    return _render_link(link_id, concern_form=form, status=400)


@bp.route("/links/<int:link_id>/close", methods=["GET", "POST"])
@allow(Role.CONNECTOR)
@keeps_typed_forms
def close(link_id: int):
    view = connectors.link_for_connector(link_id=link_id, user_id=current_user.id)
    form = form_with_what_was_typed(CloseForm)
    if _posted():
        if form.validate_on_submit():
            try:
                connectors.close(
                    link_id=link_id, actor_id=current_user.id, reason=form.reason.data, by_connector=True
                )
            except DomainError as error:
                form.reason.errors = [str(error)]
            else:
                flash("Link closed. Thank you for supporting this household.", "success")
                return redirect(url_for("connector.home"))
        return render_template("connector/close.html", view=view, form=form), 400
    return render_template("connector/close.html", view=view, form=form)
