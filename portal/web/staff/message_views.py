"""Staff write to households and peer connectors, answer their messages from
the queue, and keep the agency's saved replies."""

from __future__ import annotations

from contextlib import suppress

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.models.accounts import Role
from portal.services import messages
from portal.services.errors import DomainError
from portal.web.access import STAFF, allow
from portal.web.forms import ConfirmForm
from portal.web.message_pages import ReplyForm
from portal.web.query_args import reads, whole_number
from portal.web.staff.message_forms import SavedReplyForm

bp = Blueprint("messages", __name__)
MAX_ID = 2**31 - 1
SAVED_REPLY = whole_number("saved_reply", "Saved reply", maximum=MAX_ID, default=None)
SAVED_REPLY_ROLES = (Role.MANAGER, Role.ADMIN)


def reply_form(chosen: int | None = None) -> ReplyForm:
    """The reply form, filled in with the saved reply chosen, if any, to edit before sending."""
    form = ReplyForm(prefix="reply")
    if chosen and not form.is_submitted():
        # A saved reply deleted since the page was loaded: start from nothing.
        with suppress(DomainError):
            form.body.data = messages.get_reply(chosen).body
    return form


@bp.route("/messages/<int:thread_id>", methods=["GET"])
@allow(STAFF)
@reads(SAVED_REPLY)
def thread(thread_id: int):
    return _render(thread_id, reply_form(SAVED_REPLY.read()))


def _render(thread_id: int, form: ReplyForm, status: int = 200):
    found = messages.read_thread(
        thread=messages.get_thread(thread_id), staff_id=current_user.id, audited=request.method == "GET"
    )
    return render_template(
        "staff/messages/thread.html",
        thread=found.thread,
        thread_messages=found.messages,
        reply_form=form,
        saved_replies=messages.all_replies(),
        form=form,
    ), status


@bp.route("/messages/<int:thread_id>", methods=["POST"])
@allow(STAFF)
def send(thread_id: int):
    """Send from the thread's page, or reply from a message item's page (``item``)."""
    form = ReplyForm(prefix="reply")
    item_id = _item_id(request.form.get("item", ""))
    if not form.validate_on_submit():
        if item_id:
            flash(form.body.errors[0] if form.body.errors else "Enter your reply", "error")
            return redirect(url_for("staff.queue.item", item_id=item_id))
        return _render(thread_id, form, 400)
    messages.send_from_staff(
        thread_id=thread_id,
        staff_id=current_user.id,
        body=form.body.data,
        keep_waiting=form.keep_waiting.data,
    )
    flash("Message sent. They have been emailed to sign in and read it.", "success")
    if item_id:
        return redirect(url_for("staff.queue.item", item_id=item_id))
    return redirect(url_for("staff.messages.thread", thread_id=thread_id))


def _item_id(text: str) -> int | None:
    """The message item a reply was sent from; anything but a plausible id is ignored."""
    return int(text) if text.isascii() and text.isdigit() and int(text) <= MAX_ID else None


@bp.route("/households/<int:household_id>/messages", methods=["POST"])
@allow(STAFF)
def start_for_household(household_id: int):
    """Open the household's thread (made the first time), to write to them."""
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("staff.households.show", household_id=household_id))
    thread = messages.thread_for_household(household_id)
    return redirect(url_for("staff.messages.thread", thread_id=thread.id))


@bp.route("/saved-replies", methods=["GET", "POST"])
@allow(SAVED_REPLY_ROLES)
def saved_replies():
    form = SavedReplyForm()
    if form.validate_on_submit():
        try:
            messages.save(title=form.title.data, body=form.body.data, actor_id=current_user.id)
        except DomainError as error:
            form.title.errors.append(str(error))
        else:
            flash("Saved reply added", "success")
            return redirect(url_for("staff.messages.saved_replies"))
    return render_template("staff/messages/saved_replies.html", replies=messages.all_replies(), form=form), (
        400 if form.is_submitted() else 200
    )


@bp.route("/saved-replies/<int:reply_id>", methods=["GET", "POST"])
@allow(SAVED_REPLY_ROLES)
def saved_reply(reply_id: int):
    reply = messages.get_reply(reply_id)
    form = SavedReplyForm(obj=reply)
    if form.validate_on_submit():
        try:
            messages.save(
                title=form.title.data, body=form.body.data, actor_id=current_user.id, reply_id=reply.id
            )
        except DomainError as error:
            form.title.errors.append(str(error))
        else:
            flash("Saved reply changed", "success")
            return redirect(url_for("staff.messages.saved_replies"))
    return render_template("staff/messages/saved_reply.html", reply=reply, form=form), (
        400 if form.is_submitted() else 200
    )


@bp.route("/saved-replies/<int:reply_id>/delete", methods=["POST"])
@allow(SAVED_REPLY_ROLES)
def delete_saved_reply(reply_id: int):
    if ConfirmForm().validate_on_submit():
        messages.delete(reply_id=reply_id, actor_id=current_user.id)
        flash("Saved reply deleted", "success")
    return redirect(url_for("staff.messages.saved_replies"))
