"""The forms of the triage queue: assigning, changing status, internal notes, urgency."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput, GovTextArea
from wtforms import RadioField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.models import TriageStatus
from portal.web.forms import submit_button


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
