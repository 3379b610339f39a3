"""Fields shared by forms across areas, rendered with the GOV.UK widgets."""

from __future__ import annotations

import re
from datetime import time

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovDateInput,
    GovPasswordInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import DateField, EmailField, HiddenField, PasswordField, RadioField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from portal.web.timeout import take_typed


def form_with_what_was_typed(form_class, **kwargs):
    """``form_class(**kwargs)``, but filled in, once, with what this person typed
    into it when they sent it after their session had timed out."""
    typed = take_typed()
    return form_class(**kwargs) if typed is None else form_class(formdata=typed, **kwargs)


class _MacroParametersFromRenderKw:
    """A field's render_kw ``class``, ``autocomplete``, ``spellcheck`` and
    ``inputmode`` become the GOV.UK macro's own parameters. Passed through as
    plain attributes they would be written a second time beside the macro's
    own, and a browser keeps only the first: no width class would apply, and a
    new password would be offered as the current one."""

    MACRO_PARAMETERS = {"class": "classes", "autocomplete": "autocomplete", "inputmode": "inputmode"}

    def map_gov_params(self, field, **kwargs):
        moved = {param: kwargs.pop(key) for key, param in self.MACRO_PARAMETERS.items() if key in kwargs}
        if "spellcheck" in kwargs:
            moved["spellcheck"] = str(kwargs.pop("spellcheck")).lower() == "true"
        params = super().map_gov_params(field, **kwargs)
        params.update(moved)
        return params


class TextInput(_MacroParametersFromRenderKw, GovTextInput):
    pass


class PasswordInput(_MacroParametersFromRenderKw, GovPasswordInput):
    pass


TIME_PATTERN = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*(am|pm)?\s*$", re.IGNORECASE)


def parse_time(text: str) -> time | None:
    """18:30, 6.30pm or 6:30 pm."""
    match = TIME_PATTERN.match(text)
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2)), (match.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def a_time_of_day(message: str):
    """A validator: the field holds a time parse_time reads."""

    def validate(_form, field) -> None:
        if parse_time(field.data or "") is None:
            raise ValidationError(message)

    return validate


def strip_whitespace(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def email_field(
    label: str = "Email address",
    hint: str | None = None,
    *,
    required: bool = True,
    autocomplete: str = "email",
) -> EmailField:
    """An email address field; with ``required=False`` it may be left blank."""
    return EmailField(
        label,
        description=hint,
        filters=[strip_whitespace],
        widget=TextInput(),
        validators=[
            DataRequired("Enter an email address") if required else Optional(),
            Length(max=320, message="Email address must be 320 characters or fewer"),
            Email(
                "Enter an email address in the correct format, like name@example.com",
                check_deliverability=False,
            ),
        ],
        render_kw={"autocomplete": autocomplete, "spellcheck": "false"},
    )


def name_field(label: str = "Full name") -> StringField:
    return StringField(
        label,
        widget=TextInput(),
        filters=[strip_whitespace],
        validators=[
            DataRequired(f"Enter the {label.lower()}"),
            Length(max=200, message=f"{label} must be 200 characters or fewer"),
        ],
        render_kw={"autocomplete": "name", "spellcheck": "false"},
    )


def password_field(label: str, *, autocomplete: str, hint: str | None = None) -> PasswordField:
    return PasswordField(
        label,
        description=hint,
        widget=PasswordInput(),
        validators=[DataRequired(f"Enter your {label.lower()}"), Length(max=1024)],
        render_kw={"autocomplete": autocomplete},
    )


def submit_button(label: str) -> SubmitField:
    return SubmitField(label, widget=GovSubmitInput())


class GovDateField(DateField):
    """A GOV.UK date input (day, month, year) with a message people understand."""

    def __init__(self, label: str, *, hint: str | None = None, **kwargs):
        super().__init__(label, format="%d %m %Y", description=hint, widget=GovDateInput(), **kwargs)

    def process(self, *args, **kwargs):
        super().process(*args, **kwargs)
        # The GOV.UK widget unpacks raw_data into day, month and year: when this
        # form was not the one posted there is nothing to unpack, and a hand-made
        # post may send more or fewer parts than three.
        if not self.raw_data:
            self.raw_data = None
        elif len(self.raw_data) != 3:
            self.raw_data = ([str(part) for part in self.raw_data] + ["", "", ""])[:3]

    def process_formdata(self, valuelist):
        if valuelist and not any(part.strip() for part in valuelist):
            self.data = None
            raise ValueError(f"Enter the {self.label.text.lower()}")
        try:
            super().process_formdata([" ".join(part.strip() for part in valuelist)])
        except ValueError as error:
            raise ValueError(f"{self.label.text} must be a real date, like 27 3 2026") from error


class ConfirmForm(FlaskForm):
    """A button that posts, with CSRF protection and, where a page needs it, where to go next."""

    next = HiddenField()


class ChangeDateForm(FlaskForm):
    """Move a booking to another date: the choices are the dates with a place
    left when the page was shown; whether the one chosen still has a place is
    for the booking rules to say, so a late choice gets their message."""

    event_id = RadioField(
        "Choose a new date",
        widget=GovRadioInput(),
        validators=[DataRequired("Choose a new date")],
        validate_choice=False,
    )
    submit = submit_button("Change to this date")
