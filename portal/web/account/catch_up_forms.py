"""The form a family chooses catch-up calls with."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from wtforms import RadioField
from wtforms.validators import DataRequired

from portal.web.forms import submit_button


class CatchUpForm(FlaskForm):
    frequency = RadioField(
        "How often would you like a catch-up call?",
        widget=GovRadioInput(),
        choices=[
            ("1", "Every year"),
            ("2", "Every 2 years"),
            ("3", "Every 3 years"),
            ("none", "No catch-up calls"),
        ],
        validators=[DataRequired("Choose how often you would like a call, or no calls")],
    )
    submit = submit_button("Save")
