from __future__ import annotations

from flask_wtf import FlaskForm

from portal.web.forms import email_field, name_field, submit_button


class BookWithoutAccountForm(FlaskForm):
    """Signed-out people booking an information event."""

    full_name = name_field("Full name")
    email = email_field(hint="We will email your booking and a link to cancel it if you need to.")
    submit = submit_button("Book a place")


class ConfirmBookingForm(FlaskForm):
    """Signed-in people just confirm: we know who they are."""

    submit = submit_button("Book a place")
