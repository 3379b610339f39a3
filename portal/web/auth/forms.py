from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, EqualTo, Length

from portal.services.passwords import MIN_LENGTH
from portal.web.forms import TextInput, email_field, password_field, submit_button


class SignInForm(FlaskForm):
    email = email_field()
    password = password_field("Password", autocomplete="current-password")
    submit = submit_button("Sign in")


class ChoosePasswordForm(FlaskForm):
    password = password_field(
        "New password",
        autocomplete="new-password",
        hint=f"Use {MIN_LENGTH} characters or more. A good way is to put three random words "
        "together, like ‘coffee train fish’. You can paste it.",
    )
    confirm = password_field("Confirm new password", autocomplete="new-password")
    submit = submit_button("Save password")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.confirm.validators = [
            *self.confirm.validators,
            EqualTo("password", message="Passwords must match"),
        ]


class ForgotPasswordForm(FlaskForm):
    email = email_field(hint="We will email you a link to reset your password.")
    submit = submit_button("Send me a link")


def _code_field(label: str, hint: str, *, numeric: bool) -> StringField:
    render_kw = {"autocomplete": "one-time-code", "spellcheck": "false"}
    if numeric:
        render_kw["inputmode"] = "numeric"
    return StringField(
        label,
        description=hint,
        widget=TextInput(),
        validators=[DataRequired("Enter the code"), Length(max=20, message="Enter a correct code")],
        render_kw=render_kw,
    )


class SecondFactorForm(FlaskForm):
    code = _code_field(
        "Code from your authenticator app",
        "The 6-digit code the app shows now. If you cannot use the app, enter one of your backup codes.",
        numeric=False,
    )
    submit = submit_button("Continue")


class SetUpSecondFactorForm(FlaskForm):
    code = _code_field(
        "Code from your authenticator app",
        "After adding the portal, enter the 6-digit code the app shows.",
        numeric=True,
    )
    submit = submit_button("Continue")
