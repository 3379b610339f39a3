"""Forms for peer connectors' pages; the profile and closing forms serve staff too."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovTextInput,
)
from wtforms import BooleanField, IntegerField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.forms import GovDateField, strip_whitespace, submit_button
from portal.models.connectors import CloseReason, ConnectorStatus, ConnectorTag, ContactMethod
from portal.services.connectors import MAX_CAPACITY

NOTE_MAX_LENGTH = 500
CONCERN_MAX_LENGTH = 2000
TAG_CHOICES = [(t.value, t.label) for t in ConnectorTag]


class OptionalGovDateField(GovDateField):
    """A GOV.UK date input that may be left empty."""

    def process_formdata(self, valuelist):
        if not valuelist or not any(part.strip() for part in valuelist):
            self.data = None
            return
        super().process_formdata(valuelist)


class ProfileForm(FlaskForm):
    councils = SelectMultipleField("Councils you cover", widget=GovCheckboxesInput(), coerce=int)
    capacity = IntegerField(
        "How many households at once",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter how many households at once"),
            NumberRange(min=0, max=MAX_CAPACITY, message=f"Enter a number from 0 to {MAX_CAPACITY}"),
        ],
        render_kw={"inputmode": "numeric", "class": "govuk-input--width-3"},
    )
    tags = SelectMultipleField("Experience", widget=GovCheckboxesInput(), choices=TAG_CHOICES)
    status = RadioField(
        "Status",
        widget=GovRadioInput(),
        choices=[(s.value, s.label) for s in ConnectorStatus],
        validators=[DataRequired("Choose active or paused")],
    )
    paused_until = OptionalGovDateField(
        "Paused until",
        hint="If paused: the last day of the pause, for example 27 3 2027. Leave empty if not known.",
    )
    contact_for_households = StringField(
        "How households you support can contact you",
        description="For example, a phone number or email address you are happy to share with them.",
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[Length(max=200, message="This must be 200 characters or fewer")],
    )
    submit = submit_button("Save profile")


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
        choices=[(m.value, m.label) for m in ContactMethod],
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


class CloseForm(FlaskForm):
    reason = RadioField(
        "Why is the link ending?",
        widget=GovRadioInput(),
        choices=[(r.value, r.label) for r in CloseReason],
        validators=[DataRequired("Choose why the link is ending")],
    )
    submit = submit_button("Close link")
