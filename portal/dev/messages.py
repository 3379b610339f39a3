"""Demo messages: the social worker's work contact details, saved replies,
and a conversation with a family answered from the queue."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Role, SavedReply, User
from portal.services import messages

SAVED_REPLIES = (
    ("Thanks, we will call", "Thank you for your message. I will phone you in the next two working days."),
    (
        "Passed to the support team",
        "Thank you. I have passed this to the adoption support team, who will be in touch.",
    ),
)


def seed_messages() -> None:
    worker = db.session.scalar(select(User).where(User.role == Role.SOCIAL_WORKER).order_by(User.id))
    if worker is not None and not worker.work_phone:
        worker.work_phone = "01632 960 500"
        worker.work_email = "sam.socialworker@demo.adoption-portal.example"
    manager = db.session.scalar(select(User).where(User.role == Role.MANAGER).order_by(User.id))
    if manager is not None and db.session.scalar(select(SavedReply.id).limit(1)) is None:
        for title, body in SAVED_REPLIES:
            messages.save(title=title, body=body, actor_id=manager.id)
    applicant = db.session.scalar(select(User).where(User.email == "applicant@demo.adoption-portal.example"))
    if applicant is not None and worker is not None and messages.existing_thread(applicant) is None:
        sent = messages.send_from_household(
            user_id=applicant.id, body="Is there anything we should read before the preparation course?"
        )
        messages.send_from_staff(
            thread_id=sent.thread_id,
            staff_id=worker.id,
            body="The written guide in your information pack is the best start. See you on the course!",
        )
