"""Forms for peer connectors' own pages (the profile and closing forms, shared with staff, are in
portal/web/connector_profile.py)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxInput,
    GovRadioInput,
)
from wtforms import BooleanField, RadioField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.models.connectors import ContactMethod
from portal.web.forms import GovDateField, strip_whitespace, submit_button

NOTE_MAX_LENGTH = 500
CONCERN_MAX_LENGTH = 2000


class DeclineForm(FlaskForm):
    reason = TextAreaField(
        "Why are you declining? (optional)",
        description="Only the adoption team sees this.",
        widget=GovCharacterCount(),
        filters=[strip_whitespace],
        validators=[
            Optional(),
            Length(max=NOTE_MAX_LENGTH, message=f"Reason must be {NOTE_MAX_LENGTH} characters or fewer"),
        ],
    )
    submit = submit_button("Decline")


class ContactForm(FlaskForm):
    contact_on = GovDateField("Date you were in touch", hint="For example, 27 3 2026")
    method = RadioField(
        "How were you in touch?",
        widget=GovRadioInput(),
        choices=ContactMethod.choices(),
        validators=[DataRequired("Choose how you were in touch")],
    )
    note = TextAreaField(
        "Short note (optional)",
        description=(
            "For your own record: staff see the date and how you were in touch, not this note. "
            "If the family asks for a copy of the information we hold about them, this note is "
            "included, so the family and the manager who prepares the copy will read it."
        ),
        widget=GovCharacterCount(),
        filters=[strip_whitespace],
        validators=[
            Optional(),
            Length(max=NOTE_MAX_LENGTH, message=f"Note must be {NOTE_MAX_LENGTH} characters or fewer"),
        ],
    )
    submit = submit_button("Log contact")


class ConcernForm(FlaskForm):
    body = TextAreaField(
        "What do you need to tell staff?",
        description="Only the adoption team sees this.",
        widget=GovCharacterCount(),
        filters=[strip_whitespace],
        validators=[
            DataRequired("Enter what you need to tell staff"),
            Length(max=CONCERN_MAX_LENGTH, message=f"This must be {CONCERN_MAX_LENGTH} characters or fewer"),
        ],
    )
    safeguarding = BooleanField("This is a safeguarding concern", widget=GovCheckboxInput())
    submit = submit_button("Tell staff now")
