from __future__ import annotations

import re

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from wtforms import RadioField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from portal.models.enquiries import HeardAbout
from portal.web.forms import TextInput, email_field, name_field, strip_whitespace, submit_button

# The shape of a UK postcode, spaces optional; whether it exists is not checked.
UK_POSTCODE = re.compile(r"^\s*[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}\s*$")
# Digits with the spaces, brackets, dashes and leading + people write; 10 to 15 digits.
PHONE_NUMBER = re.compile(r"^\+?[\d\s()-]{10,20}$")


class InformationPackForm(FlaskForm):
    full_name = name_field("Full name")
    email = email_field(hint="We will send the pack to this address.")
    postcode = StringField(
        "Postcode",
        widget=TextInput(),
        validators=[
            DataRequired("Enter your postcode"),
            Regexp(UK_POSTCODE, message="Enter a real postcode, like ME4 4TR"),
        ],
        render_kw={"autocomplete": "postal-code", "class": "govuk-input--width-10"},
    )
    council = RadioField(
        "Which council area do you live in?",
        widget=GovRadioInput(),
        validators=[DataRequired("Choose the council area you live in")],
    )
    heard_about = RadioField(
        "How did you hear about us? (optional)",
        widget=GovRadioInput(),
        choices=HeardAbout.choices(),
        validators=[Optional()],
        validate_choice=True,
    )
    consent = RadioField(
        "Can an advisor phone you to talk about adopting?",
        description="It is an informal chat, within 2 working days. Say no if you only want the pack.",
        widget=GovRadioInput(),
        choices=[("yes", "Yes"), ("no", "No, just send the pack")],
        validators=[DataRequired("Tell us whether an advisor can phone you")],
    )
    # Asked, and required, only when the person wants a call (a conditional reveal).
    phone = StringField(
        "Phone number",
        widget=TextInput(),
        filters=[strip_whitespace],
        validators=[Length(max=40, message="Phone number must be 40 characters or fewer")],
        render_kw={"autocomplete": "tel", "class": "govuk-input--width-20", "inputmode": "tel"},
    )
    best_times = StringField(
        "When is a good time to call?",
        description="For example, weekday mornings or after 6pm",
        widget=TextInput(),
        filters=[strip_whitespace],
        validators=[Length(max=300, message="Good time to call must be 300 characters or fewer")],
    )
    # A field people never see; bots fill it in.
    website = StringField("Leave this blank", validators=[Length(max=200)])
    submit = submit_button("Send me the pack")

    def validate_phone(self, field):
        if self.consent.data == "yes":
            if not field.data:
                raise ValidationError("Enter a phone number so the advisor can call you")
            if not PHONE_NUMBER.match(field.data):
                raise ValidationError("Enter a phone number, like 01632 960 001 or 07700 900 982")

    def validate_best_times(self, field):
        if self.consent.data == "yes" and not field.data:
            raise ValidationError("Tell us when is a good time to call")
