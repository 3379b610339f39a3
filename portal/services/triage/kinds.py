"""The kinds of request the queue holds, each with its reference prefix and label."""

from __future__ import annotations

from dataclasses import dataclass

from portal.services.errors import DomainError


@dataclass(frozen=True)
class TriageKind:
    key: str
    prefix: str
    label: str


KINDS: dict[str, TriageKind] = {
    kind.key: kind
    for kind in (
        TriageKind("information_pack", "PACK", "Information pack follow-up"),
        TriageKind("event_waitlist", "WAIT", "Event waitlist"),
        TriageKind("support_call", "SUP", "Support-and-advice call"),
        TriageKind("catch_up_call", "CUP", "Catch-up call due"),
        TriageKind("connector_link", "LINK", "Peer connector link"),
        TriageKind("connector_concern", "CON", "Peer connector: something to tell staff"),
        TriageKind("stale_applicant", "UPD", "No recent update"),
        TriageKind("manager_follow_up", "MGR", "Manager follow-up"),
        TriageKind("support_assessment", "ASM", "Adoption support assessment of need"),
        TriageKind("asf_application", "ASF", "Adoption Support Fund application"),
        TriageKind("stage_two_ready", "RDY", "Ready to start Stage 2"),
        TriageKind("message", "MSG", "Message"),
    )
}


class UnknownKind(DomainError):
    pass


def kind_label(key: str) -> str:
    return KINDS[key].label if key in KINDS else key
