"""Forms for saved replies and staff work contact details."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextArea
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from portal.services.messages.threads import MAX_LENGTH
from portal.web.forms import TextInput, email_field, strip_whitespace, submit_button


class SavedReplyForm(FlaskForm):
    title = StringField(
        "Title",
        description="What staff choose it by, for example ‘Thanks, we will call you’",
        widget=TextInput(),
        filters=[strip_whitespace],
        validators=[
            DataRequired("Enter a title"),
            Length(max=100, message="Title must be 100 characters or fewer"),
        ],
    )
    body = TextAreaField(
        "Text",
        description="Staff can change it before they send it. Do not put anyone's details here.",
        widget=GovTextArea(),
        validators=[
            DataRequired("Enter the text"),
            Length(max=MAX_LENGTH, message=f"Text must be {MAX_LENGTH} characters or fewer"),
        ],
    )
    submit = submit_button("Save")


class WorkContactForm(FlaskForm):
    work_phone = StringField(
        "Work phone (optional)",
        widget=TextInput(),
        filters=[strip_whitespace],
        validators=[
            Optional(),
            Regexp(r"^\+?[\d\s()\-]{10,20}$", message="Enter a phone number, like 01632 960 001"),
        ],
        render_kw={"autocomplete": "off", "class": "govuk-input--width-20", "inputmode": "tel"},
    )
    work_email = email_field("Work email (optional)", required=False, autocomplete="off")
    submit = submit_button("Save")
