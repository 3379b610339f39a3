"""The annual report's message figures, proved on known messages sent and
answered through the services on known days."""

import time_machine

from portal.extensions import db
from portal.models import Role
from portal.services import messages, reporting
from portal.services.financial_year import FinancialYear
from tests.support.downloads import csv_rows
from tests.support.factories import HouseholdFactory, UserFactory
from tests.support.pages import get_page
from tests.support.signing_in import sign_in


def at(moment: str):
    return time_machine.travel(moment, tick=False)


def known_messages():
    """April 2026: one conversation answered in 1 working day, one in 3 (over
    Easter: Good Friday 3rd and Easter Monday 6th), three messages in all.
    May: a connector's message nobody has answered."""
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    first = UserFactory(role=Role.FAMILY, household=HouseholdFactory(social_worker_id=worker.id))
    second = UserFactory(role=Role.FAMILY, household=HouseholdFactory(social_worker_id=worker.id))
    helper = UserFactory(role=Role.CONNECTOR)
    db.session.commit()
    with at("2026-04-01 10:00 +0100"):
        sent = messages.send_from_household(user_id=first.id, body="First family's question")
    with at("2026-04-02 09:00 +0100"):
        messages.send_from_staff(thread_id=sent.thread_id, staff_id=worker.id, body="Answer")
    with at("2026-04-02 10:00 +0100"):
        late = messages.send_from_household(user_id=second.id, body="Second family's question")
    with at("2026-04-02 11:00 +0100"):
        messages.send_from_household(user_id=second.id, body="And one more thing")
    with at("2026-04-09 12:00 +0100"):
        messages.send_from_staff(thread_id=late.thread_id, staff_id=worker.id, body="Sorry")
    with at("2026-05-05 10:00 +0100"):
        messages.send_from_household(user_id=helper.id, body="A connector's question")
    # Answers to staff messages are not counted as received; March 2027 is the year's last month.
    db.session.commit()


def test_messages_received_answered_within_the_promise_and_the_median_per_month(app):
    known_messages()
    table = reporting.table("messages", FinancialYear(2026))
    assert table.columns[:3] == ["Measure", "Apr", "May"]
    rows = {row[0]: row[1:] for row in table.rows}
    assert rows["Messages received"][:3] == [3, 1, 0]
    assert rows["Conversations opened"][:3] == [2, 1, 0]
    assert rows["Answered within the promise (%)"][:3] == [50, 0, ""]
    assert rows["Median working days to the first reply"][:3] == [2, "", ""]
    assert sum(rows["Messages received"]) == 4


def test_the_message_figures_are_on_the_annual_report_page_and_its_csv(client):
    known_messages()
    sign_in(client, UserFactory(role=Role.MANAGER))
    page = get_page(client, "/staff/reports/annual?year=2026/27")
    assert "Messages from households and peer connectors, 2026/27" in page.main.text
    rows = csv_rows(client.get("/staff/reports/annual/messages.csv?year=2026/27"))
    assert rows[0][:4] == ["Measure", "Apr", "May", "Jun"]
    assert rows[1][:4] == ["Messages received", "3", "1", "0"]
    assert rows[3][:4] == ["Answered within the promise (%)", "50", "0", ""]
    assert rows[4][:3] == ["Median working days to the first reply", "2", ""]
