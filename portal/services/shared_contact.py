"""Which contact detail a household agreed its peer connector may have: one
adult's email or phone, chosen by staff when they record the agreement."""

from __future__ import annotations

from portal.models import ConnectorLink
from portal.services import triage_people
from portal.services.errors import DomainError

KINDS = ("email", "phone")


class NotShareable(DomainError):
    pass


def choices(household_id: int) -> list[tuple[str, str]]:
    """Each detail the household's adults have, as "kind:user id" and its words."""
    found = []
    for adult in triage_people.household_adults(household_id):
        found.append((f"email:{adult.id}", f"{adult.full_name}'s email, {adult.email}"))
        if adult.phone:
            found.append((f"phone:{adult.id}", f"{adult.full_name}'s phone, {adult.phone}"))
    return found


def share(link: ConnectorLink, choice: str) -> None:
    """Record on the link the detail chosen, which must be one of :func:`choices`."""
    if choice not in dict(choices(link.household_id)):
        raise NotShareable("Choose the contact detail the household agreed to share")
    kind, user_id = choice.split(":")
    link.shared_contact_kind, link.shared_contact_user_id = kind, int(user_id)
