"""The staff form for an event: its details and up to 12 sessions, each a
date (Day, Month and Year, as everywhere in the service) with a start and
end time (London time)."""

from __future__ import annotations

import re
from datetime import datetime

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea
from wtforms import HiddenField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.models import Audience, EventKind
from portal.services import clock
from portal.services.events import MAX_CAPACITY, MAX_SESSIONS
from portal.web.forms import GovDateField, TextInput, parse_time, submit_button

FIRST_ROWS = 3


class EventForm(FlaskForm):
    kind = RadioField(
        "What kind of event is it?",
        widget=GovRadioInput(),
        validators=[DataRequired("Choose what kind of event it is")],
    )
    title = StringField(
        "Title",
        widget=TextInput(),
        validators=[
            DataRequired("Enter a title"),
            Length(max=200, message="Title must be 200 characters or fewer"),
        ],
    )
    description = TextAreaField(
        "Description",
        description="What happens, who it is for and anything people should bring.",
        widget=GovTextArea(),
        validators=[
            DataRequired("Enter a description"),
            Length(max=5000, message="Description must be 5000 characters or fewer"),
        ],
    )
    audience = RadioField(
        "Who may book?",
        widget=GovRadioInput(),
        validators=[DataRequired("Choose who may book")],
    )
    capacity = StringField(
        "Places",
        description="How many people can book. When it is full, people join a waiting list.",
        widget=TextInput(),
        render_kw={"inputmode": "numeric"},
    )
    venue = StringField(
        "Venue",
        description="The address, for an event in person. Leave it empty for an online event.",
        widget=TextInput(),
        validators=[Optional(), Length(max=300, message="Venue must be 300 characters or fewer")],
    )
    online_url = StringField(
        "Online link",
        description="For an online event: the link to join, starting https://. Only people booked see it.",
        widget=TextInput(),
        validators=[Optional(), Length(max=500, message="Online link must be 500 characters or fewer")],
        render_kw={"spellcheck": "false"},
    )
    rows = HiddenField()
    # The sessions staff were warned about (past, bank holiday, night) and chose to keep.
    warned_for = HiddenField()
    add_session = SubmitField("Add another session", widget=GovSubmitInput())
    submit = submit_button("Save event")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = EventKind.choices()
        self.audience.choices = Audience.choices()

    def row_count(self, *, existing: int = 0) -> int:
        """How many session rows to show."""
        shown = int(self.rows.data) if (self.rows.data or "").isdecimal() else max(FIRST_ROWS, existing + 1)
        filled = max((n for n in range(1, MAX_SESSIONS + 1) if self._row_filled(n)), default=0)
        shown = max(shown, filled, 1)
        if self.add_session.data:
            shown += 1
        return min(shown, MAX_SESSIONS)

    def session_field(self, number: int, part: str):
        return self[f"session_{number}_{part}"]

    def _times_text(self, number: int) -> tuple[str, str]:
        starts, ends = ((self.session_field(number, part).data or "").strip() for part in ("starts", "ends"))
        return starts, ends

    def _row_filled(self, number: int) -> bool:
        day = self.session_field(number, "day")
        typed_day = any(part.strip() for part in (day.raw_data or [])) or day.data is not None
        return typed_day or any(self._times_text(number))

    def fill_sessions(self, sessions) -> None:
        for number, session in enumerate(sessions, start=1):
            starts, ends = clock.to_london(session.starts_at), clock.to_london(session.ends_at)
            self.session_field(number, "day").data = starts.date()
            self.session_field(number, "starts").data = starts.strftime("%H:%M")
            self.session_field(number, "ends").data = ends.strftime("%H:%M")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        self.capacity_value = self._check_capacity()
        self.session_times = self._check_sessions()
        return valid and self.capacity_value is not None and self.session_times is not None

    def _check_capacity(self) -> int | None:
        text = (self.capacity.data or "").strip()
        if not re.fullmatch(r"-?\d{1,6}", text):
            self.capacity.errors.append("Enter the number of places, like 20")
            return None
        value = int(text)
        if not 1 <= value <= MAX_CAPACITY:
            self.capacity.errors.append(f"Places must be between 1 and {MAX_CAPACITY}")
            return None
        return value

    def _check_sessions(self) -> list[tuple[datetime, datetime]] | None:
        times, ok = [], True
        for number in range(1, MAX_SESSIONS + 1):
            if not self._row_filled(number):
                continue
            starts_text, ends_text = self._times_text(number)
            day_field = self.session_field(number, "day")
            day = day_field.data
            starts, ends = parse_time(starts_text), parse_time(ends_text)
            if day is None and not day_field.errors:
                day_field.errors.append(f"Enter the date of session {number}")
            if starts is None:
                self.session_field(number, "starts").errors.append(
                    f"Enter the start time of session {number}, like 18:30"
                )
            if ends is None:
                self.session_field(number, "ends").errors.append(
                    f"Enter the end time of session {number}, like 20:00"
                )
            if day is None or starts is None or ends is None:
                ok = False
                continue
            if ends <= starts:
                self.session_field(number, "ends").errors.append(f"Session {number} must end after it starts")
                ok = False
                continue
            times.append((clock.london_to_utc(day, starts), clock.london_to_utc(day, ends)))
        if ok and not times:
            self.session_field(1, "day").errors.append("Enter the date and times of at least one session")
            ok = False
        return times if ok else None


class SessionDayField(GovDateField):
    """A session's date; a row left empty is simply not a session."""

    def process_formdata(self, valuelist):
        if not any(part.strip() for part in valuelist):
            self.data = None
            return
        super().process_formdata(valuelist)


for _number in range(1, MAX_SESSIONS + 1):
    setattr(EventForm, f"session_{_number}_day", SessionDayField(f"Date of session {_number}"))
    setattr(
        EventForm,
        f"session_{_number}_starts",
        StringField(
            "Starts", description="Like 18:30", widget=TextInput(), render_kw={"inputmode": "numeric"}
        ),
    )
    setattr(
        EventForm,
        f"session_{_number}_ends",
        StringField("Ends", description="Like 20:00", widget=TextInput(), render_kw={"inputmode": "numeric"}),
    )


class MarkAttendanceForm(FlaskForm):
    booking_id = HiddenField(validators=[DataRequired()])
    outcome = HiddenField(validators=[DataRequired()])


class CancelEventForm(FlaskForm):
    message = TextAreaField(
        "Message to everyone booked or waiting",
        description="Why it is cancelled, and anything they can do instead. "
        "It goes into the email we send them.",
        widget=GovTextArea(),
        validators=[
            DataRequired("Tell the people booked why the event is cancelled"),
            Length(max=1000, message="Keep the message to 1000 characters or fewer"),
        ],
    )
    submit = SubmitField("Cancel the event and tell everyone", widget=GovSubmitInput())
