from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from wtforms import RadioField, StringField
from wtforms.validators import DataRequired, Length

from portal.web.forms import TextInput, strip_whitespace, submit_button


class ProposeForm(FlaskForm):
    connector = RadioField(
        "Connector", widget=GovRadioInput(), coerce=str, validators=[DataRequired("Choose a connector")]
    )
    household_contact = StringField(
        "How the household would like the connector to contact them",
        description="Only what the household agreed to share, for example ‘text 07700 900123 after 6pm’.",
        widget=TextInput(),
        filters=[strip_whitespace],
        validators=[
            DataRequired("Enter how the household would like to be contacted"),
            Length(max=200, message="This must be 200 characters or fewer"),
        ],
    )
    shared_detail = RadioField(
        "Which contact detail did the household agree to share with the connector?",
        widget=GovRadioInput(),
        coerce=str,
        validators=[DataRequired("Choose the contact detail the household agreed to share")],
    )
    submit = submit_button("Propose link")
