"""What can go wrong with an account, an emailed link or signing in."""

from __future__ import annotations

from portal.services.errors import DomainError


class EmailAlreadyRegistered(DomainError):
    pass


class HouseholdFull(DomainError):
    pass


class InvalidToken(DomainError):
    """The link is unknown, used, revoked or expired."""


class SignInFailed(DomainError):
    pass


class SignInPaused(DomainError):
    pass


class PasswordRejected(DomainError):
    pass
