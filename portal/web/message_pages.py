"""What the message pages of households, connectors and staff share: the
forms, and the page on which a household or a connector reads and writes."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovCheckboxInput
from wtforms import BooleanField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.services import agency, messages
from portal.services.messages.threads import MAX_LENGTH
from portal.web.forms import submit_button


class MessageForm(FlaskForm):
    body = TextAreaField(
        "Your message",
        widget=GovCharacterCount(),
        validators=[
            DataRequired("Enter your message"),
            Length(max=MAX_LENGTH, message=f"Your message must be {MAX_LENGTH} characters or fewer"),
        ],
    )
    submit = submit_button("Send message")


class ReplyForm(MessageForm):
    keep_waiting = BooleanField(
        "Keep the request open: we are waiting for something before it is done",
        widget=GovCheckboxInput(),
    )
    submit = submit_button("Send reply")


def household_or_connector_page(*, form: MessageForm, endpoint: str, back: str):
    """Read the thread, then write: the page households and connectors share.
    Seeing it marks the agency's messages read."""
    reply_days = agency.settings().message_reply_working_days
    if form.validate_on_submit():
        messages.send_from_household(user_id=current_user.id, body=form.body.data)
        flash(f"Message sent. We will answer within {reply_days} working days.", "success")
        return redirect(url_for(endpoint))
    thread = messages.existing_thread(current_user)
    unread = messages.unread_count(current_user)
    if thread is not None and unread:
        messages.mark_read(thread)
    return render_template(
        "messages/thread.html",
        form=form,
        thread_messages=messages.messages_in(thread) if thread else [],
        unread=unread,
        back=back,
        reply_days=reply_days,
        max_length=MAX_LENGTH,
    ), (400 if form.is_submitted() else 200)
