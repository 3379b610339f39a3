"""The forms staff book support calls, record their outcomes and log catch-up calls with."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect
from wtforms import RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Regexp

from portal.models import CatchUpOutcome, SupportOutcome
from portal.web.forms import GovDateField, TextInput, submit_button


class ScheduleCallForm(FlaskForm):
    day = GovDateField("Date of the call", hint="For example, 27 3 2026")
    time = StringField(
        "Time",
        description="In 24-hour time, for example 14:30",
        widget=TextInput(),
        validators=[
            DataRequired("Enter the time of the call"),
            Regexp(r"^([01]?\d|2[0-3]):[0-5]\d$", message="Enter a time like 09:30 or 14:30"),
        ],
        render_kw={"class": "govuk-input--width-5", "inputmode": "numeric"},
    )
    social_worker = SelectField(
        "Social worker", widget=GovSelect(), coerce=str, validators=[DataRequired("Choose who will call")]
    )
    submit = submit_button("Book call")


class SupportOutcomeForm(FlaskForm):
    outcome = RadioField(
        "Outcome of the call",
        widget=GovRadioInput(),
        choices=SupportOutcome.choices(),
        validators=[DataRequired("Choose the outcome of the call")],
    )
    submit = submit_button("Record outcome")


class CatchUpLogForm(FlaskForm):
    outcome = RadioField(
        "What happened?",
        widget=GovRadioInput(),
        choices=CatchUpOutcome.choices(),
        validators=[DataRequired("Choose what happened")],
    )
    submit = submit_button("Log call")
