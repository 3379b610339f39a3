"""What can go wrong with an event or a booking, for the pages to explain."""

from __future__ import annotations

from portal.services.errors import DomainError, PermissionDenied


class EventNotOpen(PermissionDenied):
    """The event is for other people (another stage, families, connectors)."""


class SignInNeeded(DomainError):
    pass


class BookingClosed(DomainError):
    pass


class AlreadyBooked(DomainError):
    pass


class InvalidBookingLink(DomainError):
    pass


class BookingLinkClosed(DomainError):
    """The event has ended: its manage link no longer works."""


class CannotChangeBooking(DomainError):
    pass


class InvalidEvent(DomainError):
    """An event's details break a rule; ``field`` names the form field."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field
