"""The forms admins and staff invite people and change roles with."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect
from wtforms import IntegerField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal.web.forms import TextInput, email_field, name_field, submit_button


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
