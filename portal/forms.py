"""Fields shared by forms across areas, rendered with the GOV.UK widgets."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length


def email_field(label: str = "Email address", hint: str | None = None) -> EmailField:
    return EmailField(
        label,
        description=hint,
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter an email address"),
            Length(max=320, message="Email address must be 320 characters or fewer"),
            Email(
                "Enter an email address in the correct format, like name@example.com",
                check_deliverability=False,
            ),
        ],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )


def name_field(label: str = "Full name") -> StringField:
    return StringField(
        label,
        widget=GovTextInput(),
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
        widget=GovPasswordInput(),
        validators=[DataRequired(f"Enter your {label.lower()}"), Length(max=1024)],
        render_kw={"autocomplete": autocomplete},
    )


def submit_button(label: str) -> SubmitField:
    return SubmitField(label, widget=GovSubmitInput())
