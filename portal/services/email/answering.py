"""How to answer: the closing lines of every email. People with an account
answer by sending a message from it; everyone gets the agency's phone and
email, a household its social worker's work phone and email, and whether a
reply to the email is read (only when the agency has a team inbox, which the
email then carries as its Reply-To)."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Role, User
from portal.services import agency
from portal.services.email.catalogue import EMAILS
from portal.services.email.rendering import render_body, render_closing

MESSAGES_PATHS = {
    Role.APPLICANT: "/account/messages",
    Role.FAMILY: "/account/messages",
    Role.CONNECTOR: "/connector/messages",
}


def how_to_answer(template: str, to: str) -> str:
    recipient = db.session.scalar(select(User).where(User.email == to))
    worker = None
    if recipient is not None and recipient.household is not None and EMAILS[template].names_the_social_worker:
        worker = recipient.household.social_worker
    return render_closing(
        {
            "settings": agency.settings(),
            "messages_path": MESSAGES_PATHS.get(recipient.role) if recipient is not None else None,
            "worker": worker,
        }
    )


def write_body(template: str, to: str, context: dict) -> str:
    """An email's whole body: its own text, then how to answer."""
    return render_body(template, context).rstrip("\n") + "\n\n" + how_to_answer(template, to)
