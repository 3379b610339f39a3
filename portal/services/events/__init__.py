"""Events, groups and courses: who may see and book them, places and the
waiting list, offers that lapse, reminders, the emailed manage link, and the
staff's events and registers.

    listing       who may see which events; the lists people read
    places        the event's lock and the places taken
    booking       booking, cancelling, accepting an offered place
    changing_date moving a booking to another date of the same kind
    waiting_list  offering free places on, offers that lapse
    reminders     the reminder 2 days before each session
    manage_link   the emailed link that manages a booking
    emails        the emails about a booking
    admin         staff set up and edit events
    whole_event   staff cancel a whole event and tell everyone on it
    register      the staff list of events, registers, attendance
    session_register  a course's register per session, totals per person
    reminder_choice   a person turns a booking's reminders off or on
    confirmation  the booking just made, for its confirmation page
    session_warnings  past dates, bank holidays and night times, before saving
"""

from portal.models.events import ON_THE_REGISTER, OPEN_STATUSES
from portal.services.events.admin import MAX_CAPACITY, MAX_SESSIONS, create_event, get_event, update_event
from portal.services.events.booking import accept_offer, book, book_anew, cancel_by_token, cancel_for_user
from portal.services.events.changing_date import (
    DateFull,
    change_date_by_token,
    change_date_for_user,
    movable,
    other_dates,
    why_unchangeable,
)
from portal.services.events.confirmation import booking_to_confirm, own_booking
from portal.services.events.errors import (
    AlreadyBooked,
    BookingClosed,
    BookingLinkClosed,
    CannotChangeBooking,
    EventNotOpen,
    InvalidBookingLink,
    InvalidEvent,
    SignInNeeded,
)
from portal.services.events.listing import (
    EventForReader,
    EventListing,
    bookings_for_user,
    event_for_reader,
    open_events,
    past_bookings_for_user,
)
from portal.services.events.manage_link import booking_by_token, set_manage_token
from portal.services.events.places import OFFER_HOURS, has_started
from portal.services.events.register import StaffListing, mark_attendance, register, staff_events
from portal.services.events.reminder_choice import (
    booking_by_reminders_token,
    choose_reminders_by_manage_link,
    choose_reminders_for_staff,
    choose_reminders_for_user,
    reminders_apply,
    reminders_off_by_link,
    reminders_off_link,
)
from portal.services.events.reminders import send_reminders
from portal.services.events.session_register import (
    PersonTotal,
    RegisterLine,
    SessionLine,
    attendance_totals,
    has_session_registers,
    mark_session,
    session_lines,
    session_register,
    session_started,
)
from portal.services.events.session_warnings import session_warnings, sessions_fingerprint
from portal.services.events.waiting_list import pass_on_lapsed_offers
from portal.services.events.whole_event import cancel_event

__all__ = [
    "MAX_CAPACITY",
    "MAX_SESSIONS",
    "OFFER_HOURS",
    "ON_THE_REGISTER",
    "OPEN_STATUSES",
    "AlreadyBooked",
    "BookingClosed",
    "BookingLinkClosed",
    "CannotChangeBooking",
    "DateFull",
    "EventForReader",
    "EventListing",
    "EventNotOpen",
    "InvalidBookingLink",
    "InvalidEvent",
    "SignInNeeded",
    "PersonTotal",
    "RegisterLine",
    "SessionLine",
    "StaffListing",
    "attendance_totals",
    "has_session_registers",
    "mark_session",
    "session_lines",
    "session_register",
    "session_started",
    "accept_offer",
    "book",
    "book_anew",
    "booking_to_confirm",
    "sessions_fingerprint",
    "session_warnings",
    "booking_by_token",
    "bookings_for_user",
    "cancel_by_token",
    "cancel_event",
    "cancel_for_user",
    "change_date_by_token",
    "change_date_for_user",
    "create_event",
    "event_for_reader",
    "get_event",
    "has_started",
    "mark_attendance",
    "movable",
    "open_events",
    "other_dates",
    "own_booking",
    "pass_on_lapsed_offers",
    "past_bookings_for_user",
    "register",
    "send_reminders",
    "booking_by_reminders_token",
    "choose_reminders_by_manage_link",
    "choose_reminders_for_staff",
    "choose_reminders_for_user",
    "reminders_apply",
    "reminders_off_by_link",
    "reminders_off_link",
    "set_manage_token",
    "staff_events",
    "update_event",
    "why_unchangeable",
]
