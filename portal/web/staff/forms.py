from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
)
from wtforms import IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from portal.models import CatchUpOutcome, SupportOutcome, TriageStatus
from portal.web.forms import GovDateField, TextInput, email_field, name_field, submit_button


class InviteForm(FlaskForm):
    full_name = name_field()
    email = email_field()
    role = RadioField("Role", widget=GovRadioInput(), validators=[DataRequired("Choose a role")])
    household_number = IntegerField(
        "Household number",
        description="For an applicant or family joining a household that already has an account.",
        widget=TextInput(),
        validators=[Optional(), NumberRange(min=1, message="Enter a household number, like 12")],
        render_kw={"inputmode": "numeric", "class": "govuk-input--width-5"},
    )
    household_name = StringField(
        "New household name",
        description="For a new applicant or family household, for example ‘Ali and Sam Patel’.",
        widget=TextInput(),
        validators=[Optional(), Length(max=200, message="Household name must be 200 characters or fewer")],
    )
    council = SelectField("Council where the household lives", widget=GovSelect(), coerce=str)
    submit = submit_button("Send invitation")


class ChangeRoleForm(FlaskForm):
    role = RadioField("Role", widget=GovRadioInput(), validators=[DataRequired("Choose a role")])
    submit = submit_button("Change role")


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


class AssignForm(FlaskForm):
    assignee = SelectField("Assign to", widget=GovSelect(), coerce=str, validators=[Optional()])
    to_me = SubmitField("Assign to me", widget=GovSubmitInput())
    submit = submit_button("Assign")


class ItemStatusForm(FlaskForm):
    status = RadioField(
        "Status",
        widget=GovRadioInput(),
        choices=TriageStatus.choices(),
        validators=[DataRequired("Choose a status")],
    )
    note = TextAreaField(
        "Note (optional)",
        description="Why it changed. Staff only; never shown to the family.",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=2000, message="Note must be 2000 characters or fewer")],
    )
    submit = submit_button("Change status")


class ItemNoteForm(FlaskForm):
    body = TextAreaField(
        "Internal note",
        description="Staff only; never shown to the family.",
        widget=GovTextArea(),
        validators=[
            DataRequired("Enter the note"),
            Length(max=2000, message="Note must be 2000 characters or fewer"),
        ],
    )
    submit = submit_button("Add note")


class UrgentForm(FlaskForm):
    reason = TextAreaField(
        "Why is it urgent?",
        description="Staff only; never shown to the family or kept in the audit log.",
        widget=GovTextArea(),
        validators=[
            DataRequired("Say why it is urgent"),
            Length(max=300, message="The reason must be 300 characters or fewer"),
        ],
    )
    submit = submit_button("Mark urgent")
