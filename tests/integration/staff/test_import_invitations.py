"""Everyone an import brought in is invited through the outbox, spread at the
rate the email provider takes; the import's page says where each invitation
stands, sends again to those who have not accepted, and lists the people
with no email address for staff to phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import OutboxMessage, OutboxStatus
from portal.services import clock, email
from portal.services.email.transports import PermanentFailure
from portal.services.imports.invitations import status as invitation_status
from tests.support.emails import emails_to, link_in
from tests.support.import_files import as_csv, household_rows, import_file, preview_of, upload
from tests.support.pages import get_page

ADDRESSES = ["ann@example.com", "bo@example.com", "cy@example.com", "ed@example.com", "flo@example.com"]


class Delivered:
    def send(self, message) -> None:
        pass


class Refused:
    def send(self, message) -> None:
        raise PermanentFailure("mailbox does not exist")


def deliver(transport=None) -> None:
    email.deliver_pending(transport=transport or Delivered())
    db.session.commit()


@pytest.fixture
def imported(client, importing_admin, app):
    app.config["INVITATIONS_PER_MINUTE"] = 2
    url = preview_of(client, upload(client, as_csv(household_rows())))["url"]
    import_file(client, url)
    return url


def invitations(client, url) -> dict[str, str]:
    page = get_page(client, url)
    heading = next(h for h in page.select("h2") if h.get_text(strip=True) == "Invitations")
    rows = heading.find_next("dl").select(".govuk-summary-list__row")
    return {row.dt.get_text(strip=True): row.dd.get_text(strip=True) for row in rows}


def test_the_import_page_lists_who_to_invite_and_who_to_phone(client, imported):
    assert invitations(client, imported)["Not invited yet"] == "5"
    page = get_page(client, imported)
    phone_list = next(t for t in page.select("table") if "phone them" in t.caption.get_text())
    assert [[td.get_text(strip=True) for td in tr.select("td")] for tr in phone_list.select("tbody tr")] == [
        ["Di Dunn", "07700 900004", "4"]
    ]
    assert "Invite 5 people" in page.get_text()


def test_invitations_go_out_through_the_outbox_a_few_a_minute(client, imported):
    with time_machine.travel(clock.now(), tick=False):
        client.post(imported + "/invite")
        queued = db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "invitation")).all()
        assert sorted(m.to_address for m in queued) == ADDRESSES
        offsets = sorted(round((m.next_attempt_at - clock.now()).total_seconds() / 60) for m in queued)
        assert offsets == [0, 0, 1, 1, 2]
        deliver()
    assert invitations(client, imported) == {
        "Not invited yet": "0",
        "Waiting to be sent": "3",
        "Sent": "2",
        "Link opened": "0",
        "Accepted": "0",
        "Expired": "0",
        "Could not be sent": "0",
    }


def test_someone_opens_the_link_then_accepts_and_the_rest_are_sent_again(client, other_client, imported):
    client.post(imported + "/invite")
    with time_machine.travel(clock.now() + timedelta(minutes=3), tick=False):
        deliver()
    link = link_in(emails_to("cy@example.com")[0])
    get_page(other_client, link)
    get_page(other_client, link)
    assert (invitations(client, imported)["Link opened"], invitations(client, imported)["Sent"]) == ("1", "4")
    response = other_client.post(
        link, data={"password": "marble kettle orchard", "confirm": "marble kettle orchard"}
    )
    assert response.status_code == 302
    counts = invitations(client, imported)
    assert (counts["Accepted"], counts["Sent"]) == ("1", "4")
    assert "Send again to the 4 who have not accepted" in get_page(client, imported).get_text()
    client.post(imported + "/invite")
    assert len(emails_to("cy@example.com")) == 1
    assert len(emails_to("ann@example.com")) == 2


def test_expired_and_failed_invitations_are_told_apart(client, imported):
    client.post(imported + "/invite")
    deliver(Refused())
    counts = invitations(client, imported)
    assert counts["Could not be sent"] == "2"
    failed = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.FAILED)
    ).all()
    assert len(failed) == 2
    # Three days on (staff would have to sign in again; the count is the same).
    batch_id = int(imported.rsplit("/", 1)[1])
    with time_machine.travel(clock.now() + timedelta(hours=73), tick=False):
        assert invitation_status(batch_id).counts["Expired"] == 5
