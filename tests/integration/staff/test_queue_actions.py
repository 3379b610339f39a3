from datetime import timedelta

import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Role, TriageItem, TriageNote
from portal.services import clock
from tests.support.factories import HouseholdFactory, TriageItemFactory, UserFactory
from tests.support.pages import error_summary, get_page, parse
from tests.support.signing_in import sign_in


def references(page) -> list[str]:
    return [row.select("td")[1].text.strip() for row in page.select("tbody tr")]


def test_an_advisor_assigns_a_request_to_themselves_from_the_queue(client, sign_in_as):
    advisor = sign_in_as(Role.ADVISOR, full_name="Alex Advisor")
    item = TriageItemFactory(reference="PACK-2026-00007")
    response = client.post(
        "/staff/queue/assign",
        data={
            "item": str(item.id),
            f"version-{item.id}": str(item.version),
            "to_me": "Assign to me",
            "return_to": "/staff/queue",
        },
    )
    assert response.headers["Location"] == "/staff/queue"
    db.session.refresh(item)
    assert item.assignee_id == advisor.id
    page = get_page(client, f"/staff/queue?assignee={advisor.id}")
    assert references(page) == ["PACK-2026-00007"]
    assert "Assigned 1 request" in page.text


def test_a_manager_assigns_several_ticked_requests_at_once(client, sign_in_as):
    sign_in_as(Role.MANAGER)
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    items = TriageItemFactory.create_batch(3)
    data = {
        "item": [str(i.id) for i in items[:2]],
        "assignee": str(worker.id),
        "submit": "Assign",
        **{f"version-{i.id}": str(i.version) for i in items},
    }
    client.post("/staff/queue/assign", data=data)
    assignees = db.session.scalars(select(TriageItem.assignee_id).order_by(TriageItem.id)).all()
    assert assignees == [worker.id, worker.id, None]
    assert db.session.scalar(
        select(AuditEvent.summary).where(AuditEvent.action == "triage.assigned")
    ).endswith(f"assigned to user {worker.id}")


def test_two_staff_changing_the_same_request_the_second_is_told_and_nothing_is_overwritten(
    client, other_client, sign_in_as
):
    sign_in_as(Role.ADVISOR)
    colleague = UserFactory(role=Role.ADVISOR)
    sign_in(other_client, colleague)
    item = TriageItemFactory()
    seen_version = item.version
    client.post(
        "/staff/queue/assign",
        data={"item": str(item.id), f"version-{item.id}": str(seen_version), "to_me": "Assign to me"},
    )
    response = other_client.post(
        "/staff/queue/assign",
        data={"item": str(item.id), f"version-{item.id}": str(seen_version), "to_me": "Assign to me"},
        follow_redirects=True,
    )
    assert "Someone else changed" in response.get_data(as_text=True)
    db.session.refresh(item)
    assert item.assignee_id != colleague.id


def test_changing_status_with_a_note_keeps_the_note_for_staff_and_audits_the_change(client, sign_in_as):
    sign_in_as(Role.SOCIAL_WORKER)
    item = TriageItemFactory(reference="SUP-2026-00009")
    response = client.post(
        f"/staff/queue/{item.id}/status",
        data={
            "status-status": "waiting",
            "status-note": "Left a voicemail for Mrs Jones",
            f"version-{item.id}": str(item.version),
        },
    )
    assert response.status_code == 302
    page = get_page(client, f"/staff/queue/{item.id}")
    assert "Left a voicemail for Mrs Jones" in page.text
    assert "SUP-2026-00009: New to Waiting. Changed by staff" in page.text
    summaries = " ".join(db.session.scalars(select(AuditEvent.summary)).all())
    assert "voicemail" not in summaries and "Jones" not in summaries


def test_an_internal_note_needs_some_text(client, sign_in_as):
    sign_in_as(Role.ADVISOR)
    item = TriageItemFactory()
    response = client.post(f"/staff/queue/{item.id}/notes", data={"note-body": "  "})
    assert response.status_code == 400
    assert error_summary(parse(response)) == ["Enter the note"]
    assert db.session.scalar(select(TriageNote.id)) is None


def test_the_due_filter_and_counts_beside_each_choice(client, sign_in_as):
    sign_in_as(Role.ADVISOR)
    with time_machine.travel("2026-11-25 10:00 +0000", tick=False):  # a Wednesday
        sign_in(client, UserFactory(role=Role.ADVISOR))
        today = clock.today()
        TriageItemFactory(reference="LATE", due_on=today - timedelta(days=1))
        TriageItemFactory(reference="NOW", due_on=today)
        TriageItemFactory(reference="SUNDAY", due_on=today + timedelta(days=4))
        TriageItemFactory(reference="NEXT-WEEK", due_on=today + timedelta(days=5))
        page = get_page(client, "/staff/queue?due=overdue&due=today")
        assert references(page) == ["LATE", "NOW"]
        labels = {box["value"]: box.find_next("label").text.strip() for box in page.select("input[name=due]")}
        assert labels == {
            "overdue": "Overdue (1)",
            "today": "Due today (1)",
            "this_week": "Due this week (1)",
            "later": "Due later (1)",
        }


def test_an_item_page_shows_the_household_s_other_requests(client, sign_in_as):
    sign_in_as(Role.ADVISOR)
    household = HouseholdFactory()
    first = TriageItemFactory(reference="FIRST", household=household)
    TriageItemFactory(reference="SECOND", household=household)
    page = get_page(client, f"/staff/queue/{first.id}")
    assert [a.text for a in page.select("ul.govuk-list a")] == ["SECOND"]


def test_the_queue_queries_do_not_grow_from_ten_to_a_thousand_items(client, sign_in_as, count_queries):
    from sqlalchemy import insert

    sign_in_as(Role.ADVISOR)
    staff = UserFactory.create_batch(3)

    def add(count: int, start: int) -> None:
        db.session.execute(
            insert(TriageItem),
            [
                {
                    "reference": f"BULK-{n:06d}",
                    "kind": "support_call",
                    "title": "t",
                    "due_on": clock.today(),
                    "due_reason": "r",
                    "assignee_id": staff[n % 3].id,
                    "created_at": clock.now(),
                    "updated_at": clock.now(),
                    "status": "new",
                    "version": 1,
                }
                for n in range(start, start + count)
            ],
        )
        db.session.commit()

    add(10, 0)
    with_ten = count_queries(client, "/staff/queue")
    add(990, 10)
    assert count_queries(client, "/staff/queue") == with_ten
