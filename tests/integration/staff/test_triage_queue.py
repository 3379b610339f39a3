from datetime import date, timedelta

import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Role, TriageStatus
from portal.services import clock, triage
from tests.support.factories import CouncilFactory, TriageItemFactory, UserFactory
from tests.support.pages import get_page


def queue_references(page) -> list[str]:
    return [row.select("td")[1].text.strip() for row in page.select("tbody tr")]


def test_raising_a_request_gives_a_yearly_reference_per_kind_and_audits_it(app):
    with time_machine.travel("2026-11-23 10:00 +0000", tick=False):
        first = triage.raise_item(
            kind="support_call",
            title="Support-and-advice call",
            due_on=date(2026, 11, 30),
            due_reason="5 working days from 23 Nov 2026",
        )
        second = triage.raise_item(
            kind="support_call",
            title="Support-and-advice call",
            due_on=date(2026, 11, 30),
            due_reason="5 working days from 23 Nov 2026",
        )
        pack = triage.raise_item(
            kind="information_pack",
            title="Information pack follow-up",
            due_on=date(2026, 11, 25),
            due_reason="2 working days from 23 Nov 2026",
        )
    with time_machine.travel("2027-01-04 10:00 +0000", tick=False):
        next_year = triage.raise_item(
            kind="support_call",
            title="Support-and-advice call",
            due_on=date(2027, 1, 11),
            due_reason="5 working days from 4 Jan 2027",
        )
    db.session.commit()
    assert [first.reference, second.reference, pack.reference, next_year.reference] == [
        "SUP-2026-00001",
        "SUP-2026-00002",
        "PACK-2026-00001",
        "SUP-2027-00001",
    ]
    assert first.status == TriageStatus.NEW
    audited = db.session.scalars(select(AuditEvent.summary).where(AuditEvent.action == "triage.raised")).all()
    assert "SUP-2026-00001 raised: Support-and-advice call" in audited


def test_staff_see_open_requests_soonest_due_first(client, sign_in_as):
    sign_in_as(Role.ADVISOR)
    today = clock.today()
    TriageItemFactory(reference="LATER", due_on=today + timedelta(days=5))
    TriageItemFactory(reference="OVERDUE", due_on=today - timedelta(days=1))
    TriageItemFactory(reference="TODAY", due_on=today)
    TriageItemFactory(reference="FINISHED", due_on=today - timedelta(days=9), status=TriageStatus.DONE)
    page = get_page(client, "/staff/queue")
    assert queue_references(page) == ["OVERDUE", "TODAY", "LATER"]
    rows = page.select("tbody tr")
    assert "Overdue" in rows[0].text and "Due today" in rows[1].text
    assert "Overdue" not in rows[2].text and "Due today" not in rows[2].text


def test_filters_combine_and_live_in_the_address(client, sign_in_as):
    advisor = sign_in_as(Role.ADVISOR)
    kent, medway = CouncilFactory(name="Kent"), CouncilFactory(name="Medway")
    TriageItemFactory(reference="KENT-CALL", kind="support_call", council=kent, assignee=advisor)
    TriageItemFactory(reference="KENT-PACK", kind="information_pack", council=kent)
    TriageItemFactory(reference="MEDWAY-CALL", kind="support_call", council=medway)
    TriageItemFactory(reference="KENT-CALL-DONE", kind="support_call", council=kent, status=TriageStatus.DONE)

    page = get_page(client, f"/staff/queue?kind=support_call&council={kent.id}")
    assert queue_references(page) == ["KENT-CALL"]
    page = get_page(client, f"/staff/queue?kind=support_call&council={kent.id}&status=done&status=new")
    assert sorted(queue_references(page)) == ["KENT-CALL", "KENT-CALL-DONE"]
    page = get_page(client, "/staff/queue?assignee=0")
    assert sorted(queue_references(page)) == ["KENT-PACK", "MEDWAY-CALL"]
    page = get_page(client, f"/staff/queue?assignee={advisor.id}")
    assert queue_references(page) == ["KENT-CALL"]
    checked = {box["value"] for box in page.select("input[name=assignee][checked]")}
    assert checked == {str(advisor.id)}


def test_the_queue_pages_on_the_server(client, sign_in_as):
    sign_in_as(Role.ADVISOR)
    for number in range(60):
        TriageItemFactory(reference=f"Q{number:03d}", due_on=clock.today() + timedelta(days=number))
    page = get_page(client, "/staff/queue?page=3")
    assert queue_references(page) == [f"Q{n:03d}" for n in range(50, 60)]
    assert page.select_one(".govuk-pagination__prev a")["href"] == "/staff/queue?page=2"
    assert "60 requests still open" in page.text
    # A page past the end shows the last page rather than an error.
    assert queue_references(get_page(client, "/staff/queue?page=99")) == [f"Q{n:03d}" for n in range(50, 60)]


def test_a_filter_value_that_does_not_exist_is_a_bad_request(client, sign_in_as):
    sign_in_as(Role.ADVISOR)
    assert client.get("/staff/queue?kind=nonsense").status_code == 400
    assert client.get("/staff/queue?council=abc").status_code == 400


def test_the_number_of_queries_does_not_grow_with_the_rows(client, sign_in_as, count_queries):
    sign_in_as(Role.ADVISOR)
    councils = [CouncilFactory(name=name) for name in ("Bexley", "Kent", "Medway")]
    staff = UserFactory.create_batch(3)
    for number in range(10):
        TriageItemFactory(council=councils[number % 3], assignee=staff[number % 3])
    with_ten = count_queries(client, "/staff/queue")
    for number in range(15):
        TriageItemFactory(council=councils[number % 3], assignee=staff[number % 3])
    with_twenty_five = count_queries(client, "/staff/queue")
    assert with_ten == with_twenty_five
