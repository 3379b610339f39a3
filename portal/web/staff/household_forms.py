from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovRadioInput, GovSelect
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.models.journey import Stage
from portal.web.forms import GovDateField, submit_button

UPDATE_MAX_LENGTH = 2000


class RecordStageForm(FlaskForm):
    stage = RadioField(
        "Stage",
        widget=GovRadioInput(),
        choices=Stage.choices(),
        validators=[DataRequired("Choose the stage")],
    )
    started_on = GovDateField("Date the stage started", hint="For example, 27 3 2026")
    submit = submit_button("Record stage")


class SocialWorkerForm(FlaskForm):
    social_worker = SelectField("Named social worker", widget=GovSelect(), coerce=str)
    submit = submit_button("Save named social worker")


class StatusUpdateForm(FlaskForm):
    body = TextAreaField(
        "Update for the household",
        description="They see this on their account and by email. Write plainly: what has "
        "happened, what happens next and roughly when.",
        widget=GovCharacterCount(),
        validators=[
            DataRequired("Enter the update"),
            Length(max=UPDATE_MAX_LENGTH, message=f"Update must be {UPDATE_MAX_LENGTH} characters or fewer"),
        ],
    )
    submit = submit_button("Post update")
