"""Peer connectors: their profiles, links with approved households, the
contacts they log and what they need to tell staff (their figures are in
``services/reporting/peer_connectors.py``).

    profiles        profiles, capacity and the staff list of connectors
    proposals       suggestions and proposing a link
    connector_view  what a connector sees (only their own links)
    link_actions    accept, decline, log a contact, tell staff, close
    household_view  what staff and the household see of the links
    lapsing         the job: unanswered proposals back to the queue
"""

from portal.services.connectors.connector_view import contacts, home_for_connector, link_for_connector
from portal.services.connectors.errors import LinkStateInvalid, NotLinkable, ProfileInvalid
from portal.services.connectors.household_view import (
    active_link_for_household,
    concern_for_triage_item,
    concerns_for_link,
    get_link,
    link_for_triage_item,
    links_for_household,
)
from portal.services.connectors.lapsing import lapse_unanswered_proposals
from portal.services.connectors.link_actions import accept, close, decline, log_contact, raise_concern
from portal.services.connectors.profiles import (
    MAX_CAPACITY,
    ProfileView,
    connectors_page,
    find_profile,
    profile_for,
    save_profile,
)
from portal.services.connectors.proposals import (
    LINKABLE_STAGES,
    answer_due,
    open_link_for_household,
    propose,
    suggestions,
)

__all__ = [
    "LINKABLE_STAGES",
    "MAX_CAPACITY",
    "LinkStateInvalid",
    "NotLinkable",
    "ProfileInvalid",
    "ProfileView",
    "accept",
    "active_link_for_household",
    "answer_due",
    "close",
    "concern_for_triage_item",
    "concerns_for_link",
    "connectors_page",
    "contacts",
    "decline",
    "find_profile",
    "get_link",
    "home_for_connector",
    "lapse_unanswered_proposals",
    "link_for_connector",
    "link_for_triage_item",
    "links_for_household",
    "log_contact",
    "open_link_for_household",
    "profile_for",
    "propose",
    "raise_concern",
    "save_profile",
    "suggestions",
]
