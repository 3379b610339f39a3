"""Issue 14's "done when", from an empty database: the admin sets the agency
up, imports a sample file that has mistakes, sees them, imports the corrected
file and invites; a family accepts, signs in and asks for a support call that
is counted for the right council; importing the file again changes nothing;
the annual report built from the imported history matches the file's own
counts; and `check-deployment` fails on the development defaults and passes
on a production-like configuration."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import SupportCallRequest, User
from portal.services import clock, email, reporting
from portal.services.financial_year import FinancialYear
from tests.integration.platform.test_deployment_check import PRODUCTION_LIKE, check_deployment
from tests.integration.staff.test_agency_settings import VALID as SETTINGS
from tests.integration.staff.test_imports import snapshot
from tests.support.emails import emails_to, link_in
from tests.support.factories import UserFactory
from tests.support.import_files import (
    as_csv,
    counted_in,
    household_rows,
    import_file,
    preview_of,
    upload,
    with_mistakes,
)
from tests.support.pages import get_page
from tests.support.signing_in import sign_in


@pytest.fixture(autouse=True)
def agency(app):
    """An empty database: no agency settings, no councils."""
    return None


class Delivered:
    def send(self, message) -> None:
        pass


def deliver() -> None:
    email.deliver_pending(transport=Delivered())
    db.session.commit()


def test_a_new_agency_goes_live_from_an_empty_database(app, client, other_client):
    exit_code, failed, _ = check_deployment(app)
    assert exit_code != 0 and "Councils" in failed and "Emails are sent" in failed

    # The first admin is taken to the set-up checklist and works through it.
    admin = UserFactory(role="admin")
    assert sign_in(client, admin).headers["Location"] == "/staff/setup"
    assert client.post("/staff/settings", data=SETTINGS).status_code == 302
    for name, region in (
        ("Kent", "in"),
        ("Medway", "in"),
        ("Bexley", "in"),
        ("Outside the region", "outside"),
    ):
        assert client.post("/staff/councils", data={"name": name, "region": region}).status_code == 302
    client.post("/staff/setup/test-email")
    deliver()
    client.post("/staff/setup/open")
    assert client.get("/information-pack").status_code == 200

    # Staff first, so the households can name their social worker.
    staff_file = as_csv([["name", "email", "role"], ["Sol Worker", "sw@agency.example", "Social worker"]])
    import_file(client, preview_of(client, upload(client, staff_file, name="staff.csv", kind="staff"))["url"])

    mistaken = preview_of(client, upload(client, as_csv(with_mistakes())))
    assert len(mistaken["problems"]) == 4
    assert not [button for button in mistaken["buttons"] if button.startswith("Import")]
    corrected = preview_of(client, upload(client, as_csv(household_rows())))
    assert corrected["summary"]["Will be created"] == "4"
    import_file(client, corrected["url"])

    client.post(corrected["url"] + "/invite")
    with time_machine.travel(clock.now() + timedelta(minutes=5), tick=False):
        deliver()
    assert "Di Dunn" in get_page(client, corrected["url"]).get_text()

    # Ann (Kent, placed by Medway, adoption order in November 2024) accepts, signs in and asks for a call.
    link = link_in(emails_to("ann@example.com")[-1])
    other_client.post(link, data={"password": "marble kettle orchard", "confirm": "marble kettle orchard"})
    ann = db.session.scalar(select(User).where(User.email == "ann@example.com"))
    sign_in(other_client, ann, "marble kettle orchard")
    assert "Adoption order granted" in get_page(other_client, "/account").get_text()
    other_client.post(
        "/support-call", data={"best_times": "Mornings", "phone": "07700 900001", "note": "Help"}
    )
    [call] = db.session.scalars(select(SupportCallRequest))
    assert call.council.name == "Medway"
    calls = reporting.table("support-calls", FinancialYear.containing(clock.today()))
    assert {row[0]: row[-1] for row in calls.rows}["Medway"] == 1

    before = snapshot()
    again = preview_of(client, upload(client, as_csv(household_rows())))
    assert again["summary"]["Already the same, unchanged"] == "4"
    import_file(client, again["url"])
    assert snapshot() == before

    journey = {row[0]: row[2] for row in reporting.table("adopter-journey", FinancialYear(2024)).rows}
    assert journey["Enquiries in year"] == counted_in(2024, "enquiry_date")
    assert journey["Stage 1 starts in year"] == counted_in(2024, "stage_one_date")
    assert journey["Adoptive families with placements in year"] == counted_in(2024, "placed_date")

    app.config.update(PRODUCTION_LIKE)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["run-jobs"]).exit_code == 0
    assert runner.invoke(args=["send-emails"]).exit_code == 0
    exit_code, failed, output = check_deployment(app)
    assert (exit_code, failed) == (0, []), output
