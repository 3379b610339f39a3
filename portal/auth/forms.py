from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms.validators import EqualTo

from portal.forms import email_field, password_field, submit_button
from portal.services.passwords import MIN_LENGTH


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
