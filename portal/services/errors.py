"""Domain errors services raise; views turn them into clear messages."""


class DomainError(Exception):
    """A rule of the service was not met. ``str(error)`` is safe to show."""


class NotFound(DomainError):
    pass


class PermissionDenied(DomainError):
    pass


class Conflict(DomainError):
    """Someone else changed the record first."""
