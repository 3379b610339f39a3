"""What can go wrong with a survey link, answers or a report period."""

from __future__ import annotations

from portal.services.errors import DomainError


class LinkNotValid(DomainError):
    """The survey link is unknown, used, cancelled or expired."""


class InvalidAnswers(DomainError):
    pass


class InvalidPeriod(DomainError):
    pass


class NotEnoughResponses(DomainError):
    pass
