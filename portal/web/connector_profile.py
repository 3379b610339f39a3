"""The peer connector's profile and the closing of a link: the same forms and
steps serve the connector's own pages and staff's pages about them."""

from __future__ import annotations

from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput
from wtforms import IntegerField, RadioField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from portal.models.connectors import CloseReason, ConnectorStatus, ConnectorTag
from portal.services import agency, connectors
from portal.services.connectors import MAX_CAPACITY
from portal.services.errors import DomainError
from portal.web.forms import GovDateField, TextInput, strip_whitespace, submit_button

TAG_CHOICES = ConnectorTag.choices()


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
        widget=TextInput(),
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
        choices=ConnectorStatus.choices(),
        validators=[DataRequired("Choose active or paused")],
    )
    paused_until = OptionalGovDateField(
        "Paused until",
        hint="If paused: the last day of the pause, for example 27 3 2027. Leave empty if not known.",
    )
    contact_for_households = StringField(
        "How households you support can contact you",
        description="For example, a phone number or email address you are happy to share with them.",
        widget=TextInput(),
        filters=[strip_whitespace],
        validators=[Length(max=200, message="This must be 200 characters or fewer")],
    )
    submit = submit_button("Save profile")


class CloseForm(FlaskForm):
    reason = RadioField(
        "Why is the link ending?",
        widget=GovRadioInput(),
        choices=CloseReason.choices(),
        validators=[DataRequired("Choose why the link is ending")],
    )
    submit = submit_button("Close link")


def profile_form(view: connectors.ProfileView, form: ProfileForm | None = None) -> ProfileForm:
    if form is None:
        form = ProfileForm(
            councils=view.council_ids,
            capacity=view.capacity,
            tags=[t.value for t in view.tags],
            status=view.status.value,
            paused_until=view.paused_until,
            contact_for_households=view.contact_for_households,
        )
    form.councils.choices = [(c.id, c.name) for c in agency.councils() if c.in_region]
    return form


def save_profile(form: ProfileForm, user_id: int) -> bool:
    """Shared by the connector's and staff's profile pages: True when saved."""
    if not form.validate_on_submit():
        return False
    try:
        connectors.save_profile(
            user_id=user_id,
            council_ids=form.councils.data or [],
            capacity=form.capacity.data,
            tags=form.tags.data or [],
            status=form.status.data,
            paused_until=form.paused_until.data,
            contact_for_households=form.contact_for_households.data or "",
            actor_id=current_user.id,
        )
    except DomainError as error:
        form.paused_until.errors = [*form.paused_until.errors, str(error)]
        return False
    return True
