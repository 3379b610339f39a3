"""The register of one session: for each person with a place, attended or not."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from wtforms import RadioField
from wtforms.validators import Optional

from portal.web.forms import submit_button

OUTCOMES = [("attended", "Attended"), ("no_show", "Did not attend")]


class SessionRegisterForm(FlaskForm):
    submit = submit_button("Save the register")

    def person_fields(self) -> list[tuple[int, RadioField]]:
        return [
            (int(name.removeprefix("booking_")), field)
            for name, field in self._fields.items()
            if name.startswith("booking_")
        ]

    def marks(self) -> dict[int, bool]:
        """Booking id to attended or not, for each person marked on the form."""
        return {
            booking_id: field.data == "attended" for booking_id, field in self.person_fields() if field.data
        }


def session_register_form(lines) -> SessionRegisterForm:
    """A form with a pair of radios per person on the register, set to what is marked."""

    class Form(SessionRegisterForm):
        pass

    for line in lines:
        setattr(
            Form,
            f"booking_{line.booking.id}",
            RadioField(
                line.booking.name,
                choices=OUTCOMES,
                widget=GovRadioInput(),
                validators=[Optional()],
                default=None if line.attended is None else ("attended" if line.attended else "no_show"),
            ),
        )
    return Form()
