"""The form a family asks for a support-and-advice call with."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from portal.web.forms import TextInput, strip_whitespace, submit_button

NOTE_MAX_LENGTH = 500
# Digits, spaces, brackets, dashes and a leading +: a phone number as people write it.
PHONE_PATTERN = r"^\+?[\d\s()\-]{10,20}$"


class SupportCallForm(FlaskForm):
    best_times = StringField(
        "When is best to call you?",
        description="Days and times that suit you, for example ‘weekday mornings’ or "
        "‘Tuesday or Thursday after 3pm’.",
        widget=TextInput(),
        filters=[strip_whitespace],
        validators=[
            DataRequired("Tell us when is best to call you"),
            Length(max=300, message="Keep this to 300 characters or fewer"),
        ],
    )
    phone = StringField(
        "Phone number",
        widget=TextInput(),
        filters=[strip_whitespace],
        validators=[
            DataRequired("Enter a phone number we can call"),
            Regexp(PHONE_PATTERN, message="Enter a phone number, like 07700 900 982 or 01632 960 001"),
        ],
        render_kw={"autocomplete": "tel", "type": "tel", "class": "govuk-input--width-20"},
    )
    note = TextAreaField(
        "What would you like to talk about? (optional)",
        description="A few words help us choose the right person. Only the adoption support "
        "team working on your request will see this.",
        widget=GovCharacterCount(),
        validators=[
            Optional(),
            Length(max=NOTE_MAX_LENGTH, message=f"Keep this to {NOTE_MAX_LENGTH} characters or fewer"),
        ],
    )
    submit = submit_button("Ask for a call")


class AnotherTimeForm(FlaskForm):
    best_times = StringField(
        "When would suit you better?",
        description="Days and times, for example ‘weekday evenings after 7pm’.",
        widget=TextInput(),
        filters=[strip_whitespace],
        validators=[
            DataRequired("Tell us when would suit you better"),
            Length(max=300, message="Keep this to 300 characters or fewer"),
        ],
    )
    submit = submit_button("Ask for another time")
