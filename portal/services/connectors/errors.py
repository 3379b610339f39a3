"""What can go wrong with a connector's profile or link."""

from __future__ import annotations

from portal.services.errors import DomainError


class ProfileInvalid(DomainError):
    pass


class NotLinkable(DomainError):
    pass


class LinkStateInvalid(DomainError):
    pass
