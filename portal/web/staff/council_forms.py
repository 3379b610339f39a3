from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from wtforms import RadioField, StringField
from wtforms.validators import DataRequired, Length

from portal.services.councils import NAME_LENGTH
from portal.web.forms import TextInput, submit_button

IN_REGION = "in"
OUTSIDE = "outside"


class CouncilForm(FlaskForm):
    name = StringField(
        "Council name",
        widget=TextInput(),
        validators=[
            DataRequired("Enter the council's name"),
            Length(max=NAME_LENGTH, message=f"The council's name must be {NAME_LENGTH} characters or fewer"),
        ],
    )
    region = RadioField(
        "Is it one of the agency's councils?",
        description="Choose outside the region for the choice people make when they live elsewhere.",
        widget=GovRadioInput(),
        choices=[(IN_REGION, "Yes, in the region"), (OUTSIDE, "No, outside the region")],
        validators=[DataRequired("Choose whether the council is in the region")],
    )
    submit = submit_button("Save council")

    @property
    def in_region(self) -> bool:
        return self.region.data == IN_REGION
