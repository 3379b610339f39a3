"""The forms staff book, cancel and close support calls with, and log catch-up calls with."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
)
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.models import CatchUpOutcome, SupportOutcome
from portal.web.forms import GovDateField, TextInput, a_time_of_day, submit_button


class ScheduleCallForm(FlaskForm):
    day = GovDateField("Date of the call", hint="For example, 27 3 2026")
    time = StringField(
        "Time",
        description="In 24-hour time, for example 14:30",
        widget=TextInput(),
        validators=[
            DataRequired("Enter the time of the call"),
            a_time_of_day("Enter a time like 09:30 or 14:30"),
        ],
        render_kw={"class": "govuk-input--width-5", "inputmode": "numeric"},
    )
    social_worker = SelectField(
        "Social worker", widget=GovSelect(), coerce=str, validators=[DataRequired("Choose who will call")]
    )
    # The time staff were warned about and chose to keep: set by the warning
    # page, so booking that same time again goes ahead.
    warned_for = HiddenField()
    submit = submit_button("Book call")


NOT_REACHED = "not_reached"
AGREED_MAX_LENGTH = 500


class SupportOutcomeForm(FlaskForm):
    outcome = RadioField(
        "Outcome of the call",
        widget=GovRadioInput(),
        choices=[*SupportOutcome.choices(), (NOT_REACHED, "We could not reach the family")],
        validators=[DataRequired("Choose the outcome of the call")],
    )
    agreed = TextAreaField(
        "What we agreed",
        description="A few words the family will read on their account, for example "
        "‘We will send you details of the local parenting group’. Not needed if you could not reach them.",
        widget=GovCharacterCount(),
        validators=[
            Length(max=AGREED_MAX_LENGTH, message=f"Keep this to {AGREED_MAX_LENGTH} characters or fewer")
        ],
    )
    submit = submit_button("Record outcome")

    def validate_agreed(self, field):
        if self.outcome.data != NOT_REACHED and not (field.data or "").strip():
            raise ValidationError("Say what you agreed with the family")


class CancelCallForm(FlaskForm):
    reason = TextAreaField(
        "Why is the call cancelled?",
        description="The family will read this in their email and on their account.",
        widget=GovTextArea(),
        validators=[
            DataRequired("Tell the family why the call is cancelled"),
            Length(max=300, message="Keep this to 300 characters or fewer"),
        ],
    )
    submit = SubmitField("Cancel this call", widget=GovSubmitInput())


class CatchUpLogForm(FlaskForm):
    outcome = RadioField(
        "What happened?",
        widget=GovRadioInput(),
        choices=CatchUpOutcome.choices(),
        validators=[DataRequired("Choose what happened")],
    )
    submit = submit_button("Log call")
