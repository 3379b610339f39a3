"""Data protection: retention, subject access and erasure keep the figures and
lose the personal details."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date, timedelta

import html5lib
import time_machine
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    Base,
    BookingStatus,
    InformationPackRequest,
    OutboxMessage,
    OutboxStatus,
    Role,
    SignInFailure,
    Stage,
    StageChange,
    User,
)
from portal.services import clock, connectors, enquiries, journey, reporting, support_calls, triage
from portal.services.email import deliver_pending
from portal.services.financial_year import FinancialYear
from tests.support.factories import (
    BookingFactory,
    CouncilFactory,
    EventFactory,
    HouseholdFactory,
    UserFactory,
    connector,
)
from tests.support.pages import get_page
from tests.support.signing_in import sign_in

YEAR = FinancialYear.parse("2025")
WHEN_IT_HAPPENED = "2025-06-02 10:00 +0000"
YEARS_LATER = "2028-01-10 10:00 +0000"
ADULTS = [
    ("Ottoline Quimby", "ottoline.quimby@example.com", "07700 900111"),
    ("Bartholomew Quimby", "bart.quimby@example.com", "07700 900222"),
]
# Everything personal the test household gave, as it could appear in any column.
PERSONAL_DETAILS = [
    "Ottoline",
    "Bartholomew",
    "Quimby",
    "ottoline.quimby@example.com",
    "bart.quimby@example.com",
    "07700 900111",
    "07700 900222",
    "ME14 1QQ",
    "Mornings before nine",
    "sleep and therapy",
    "panel date is booked",
    "Spoke about the therapy",
    "bedtime routines",
    "Text on the mobile",
]


class Delivered:
    def send(self, message) -> None:
        pass


def a_household_with_history():
    """A Kent household with two adults who asked for a pack, were approved,
    asked for a support call, booked an event and have a peer connector;
    and a stranger whose pack request went no further."""
    with time_machine.travel(WHEN_IT_HAPPENED, tick=False):
        kent = CouncilFactory(name="Kent")
        household = HouseholdFactory(name="The Quimby household", council=kent)
        adults = [
            UserFactory(role=Role.FAMILY, household=household, full_name=name, email=email, phone=phone)
            for name, email, phone in ADULTS
        ]
        worker = UserFactory(role=Role.SOCIAL_WORKER, full_name="Sam Worker")
        for full_name, email, postcode in (
            ("Ottoline Quimby", "ottoline.quimby@example.com", "ME14 1QQ"),
            ("Wanda Stranger", "wanda.stranger@example.com", "CT1 2AA"),
        ):
            enquiries.request_information_pack(
                full_name=full_name,
                email=email,
                postcode=postcode,
                council_id=kent.id,
                heard_about=None,
                consent_to_contact=True,
                emails_per_recipient_per_hour=3,
            )
        for stage, on in ((Stage.ENQUIRY, date(2025, 5, 1)), (Stage.APPROVED, date(2025, 6, 1))):
            db.session.add(
                StageChange(household_id=household.id, stage=stage, started_on=on, recorded_at=clock.now())
            )
        journey.post_update(household_id=household.id, author_id=worker.id, body="Your panel date is booked")
        call = support_calls.request_call(
            user_id=adults[0].id,
            best_times="Mornings before nine",
            phone="07700 900111",
            note="Our son's sleep and therapy needs",
        )
        db.session.flush()
        triage.add_note(item_id=call.triage_item_id, body="Spoke about the therapy", actor_id=worker.id)
        event = EventFactory(starts_at=clock.now() - timedelta(days=1))
        BookingFactory(event=event, user=adults[0], status=BookingStatus.ATTENDED)
        peer = connector(full_name="Petra Connectorsurname")
        link = connectors.propose(
            household_id=household.id,
            connector_id=peer.id,
            household_contact="Text on the mobile",
            actor_id=worker.id,
        )
        connectors.accept(link_id=link.id, user_id=peer.id)
        connectors.log_contact(
            link_id=link.id,
            user_id=peer.id,
            contact_on=clock.today(),
            method="phone",
            note="Chatted about bedtime routines",
        )
        db.session.commit()
        deliver_pending(transport=Delivered())
        db.session.commit()
    return household


def every_table() -> list:
    tables = reporting.all_tables(reporting.YearFigures(YEAR))
    return [(table.title, table.columns, table.rows) for table in tables]


def personal_details_left() -> list[str]:
    """Each (table, detail) where a personal detail of the test household is still held."""
    found = []
    for table in Base.metadata.sorted_tables:
        text = " ".join(str(row) for row in db.session.execute(select(table)).all()).lower()
        found += [f"{table.name}: {detail}" for detail in PERSONAL_DETAILS if detail.lower() in text]
    return found


def manager_client(app):
    client = app.test_client()
    sign_in(client, UserFactory(role=Role.MANAGER))
    return client


# -- retention -----------------------------------------------------------------


def test_retention_blanks_old_details_and_every_annual_report_figure_stays_the_same(app):
    a_household_with_history()
    with time_machine.travel(YEARS_LATER, tick=False):
        before = every_table()
        result = app.test_cli_runner().invoke(args=["apply-retention"])
        assert result.exit_code == 0, result.output
        assert every_table() == before
    assert reporting.adopter_journey.figures(YEAR).packs_sent == 2
    (stranger,) = db.session.scalars(
        select(InformationPackRequest).where(InformationPackRequest.full_name == "")
    )
    assert (stranger.email, stranger.postcode) == ("", "")
    kept = db.session.scalars(
        select(InformationPackRequest.email).where(InformationPackRequest.email != "")
    ).all()
    assert kept == ["ottoline.quimby@example.com"], "the enquirer who became a household keeps their request"
    messages = db.session.scalars(select(OutboxMessage)).all()
    assert {(m.to_address, m.body) for m in messages} == {("erased@invalid", "")}


def test_running_retention_twice_changes_nothing_the_second_time_and_audits_counts_only(app):
    a_household_with_history()
    with time_machine.travel(YEARS_LATER, tick=False):
        first = app.test_cli_runner().invoke(args=["apply-retention"])
        second = app.test_cli_runner().invoke(args=["apply-retention"])
    assert "information pack requests 1, emails" in first.output
    assert second.output.strip() == "information pack requests 0, emails 0, sign-in failures 0"
    summaries = db.session.scalars(
        select(AuditEvent.summary).where(AuditEvent.action == "retention.applied").order_by(AuditEvent.id)
    ).all()
    assert summaries[1] == "Retention applied: 0 information pack requests, 0 emails, 0 sign-in failures"


def test_recent_emails_and_pack_requests_are_kept_until_their_time_comes(app):
    a_household_with_history()
    with time_machine.travel("2025-07-01 10:00 +0000", tick=False):
        result = app.test_cli_runner().invoke(args=["apply-retention"])
    assert result.output.strip() == "information pack requests 0, emails 0, sign-in failures 0"


def test_sign_in_failures_older_than_30_days_are_deleted(app):
    now = clock.now()
    db.session.add_all(
        [
            SignInFailure(email_key="a" * 64, at=now - timedelta(days=31)),
            SignInFailure(email_key="b" * 64, at=now),
        ]
    )
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["apply-retention"])
    assert "sign-in failures 1" in result.output
    assert db.session.scalars(select(SignInFailure.email_key)).all() == ["b" * 64]


def test_retention_periods_come_from_the_configuration(app):
    a_household_with_history()
    app.config["RETENTION_DAYS"] = {**app.config["RETENTION_DAYS"], "outbox_messages": 10}
    with time_machine.travel("2025-07-01 10:00 +0000", tick=False):
        result = app.test_cli_runner().invoke(args=["apply-retention"])
    assert "emails 0," not in result.output
    assert db.session.scalars(select(OutboxMessage.to_address).distinct()).all() == ["erased@invalid"]


# -- subject access ------------------------------------------------------------


def test_a_manager_downloads_everything_held_about_a_household_without_secrets_or_survey_answers(app):
    household = a_household_with_history()
    response = manager_client(app).post(f"/staff/households/{household.id}/subject-access")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    files = {name: archive.read(name).decode() for name in archive.namelist()}
    assert "anonymous" in files["README.txt"]
    assert json.loads(files["household.json"])["name"] == "The Quimby household"
    adults = json.loads(files["adults.json"])
    assert {adult["email"] for adult in adults} == {email for _, email, _ in ADULTS}
    assert not {"password_hash", "totp_secret_encrypted"} & set(adults[0])
    assert json.loads(files["support_call_requests.json"])[0]["note"] == "Our son's sleep and therapy needs"
    assert json.loads(files["request_notes.json"])[0]["body"] == "Spoke about the therapy"
    assert json.loads(files["connector_links.json"])[0]["connector_first_name"] == "Petra"
    assert "Connectorsurname" not in "".join(files.values())
    assert json.loads(files["connector_contacts.json"])[0]["note"] == "Chatted about bedtime routines"
    assert json.loads(files["bookings.json"])[0]["status"] == "attended"
    assert len(json.loads(files["stage_changes.json"])) == 2
    assert [p["email"] for p in json.loads(files["information_pack_requests.json"])] == [ADULTS[0][1]]
    assert {m["to_address"] for m in json.loads(files["emails.json"])} <= {email for _, email, _ in ADULTS}
    assert "Ottoline Quimby" in files["adults.csv"]
    assert not any("survey_answer" in name or "survey_response" in name for name in files)
    assert (
        db.session.scalar(
            select(AuditEvent.summary).where(AuditEvent.action == "household.subject_access_export")
        )
        == f"Subject access export of household {household.id}"
    )


def test_the_pack_holds_a_summary_a_family_can_read_with_dates_and_no_internal_numbers(app):
    household = a_household_with_history()
    response = manager_client(app).post(f"/staff/households/{household.id}/subject-access")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.namelist()[0] == "summary.html"
    html = archive.read("summary.html").decode()
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    page = BeautifulSoup(html, "html.parser")
    parser.parse(html)
    assert not parser.errors
    assert page.h1.text == "What we hold about you"
    sections = [h2.text for h2 in page.select("h2")]
    assert sections[:3] == ["About you", "Your adoption journey", "Updates from your social worker"]
    assert {"Support and advice calls you asked for", "Emails we sent you"} <= set(sections)
    text = page.get_text(" ", strip=True)
    for held in (
        "The Quimby household",
        "Kent",
        "Sam Worker",
        ADULTS[0][1],
        "Approved as adopters",
        "1 June 2025",
        "Your panel date is booked",
        "Our son's sleep and therapy needs",
        "Spoke about the therapy",
        "Peer connector Petra",
        "Chatted about bedtime routines",
        "Attended",
    ):
        assert held in text, held
    assert "Connectorsurname" not in text
    # Nothing a family cannot use: no record numbers, no hashes, no links.
    assert not re.search(r"_id\b|_hash|\bid\b|token|https?://", text)
    assert f"household {household.id}" not in text.lower()


def test_only_managers_and_admins_may_export_or_erase(app):
    household = a_household_with_history()
    for role in (Role.ADVISOR, Role.SOCIAL_WORKER, Role.FAMILY, Role.CONNECTOR):
        client = app.test_client()
        sign_in(client, UserFactory(role=role))
        assert client.post(f"/staff/households/{household.id}/subject-access").status_code == 403
        assert client.get(f"/staff/households/{household.id}/erase").status_code == 403
        assert client.post(f"/staff/households/{household.id}/erase").status_code == 403
    admin = app.test_client()
    sign_in(admin, UserFactory(role=Role.ADMIN))
    assert admin.post(f"/staff/households/{household.id}/subject-access").status_code == 200


def test_a_household_that_does_not_exist_is_not_found(app):
    client = manager_client(app)
    assert client.post("/staff/households/999999/subject-access").status_code == 404
    assert client.get("/staff/households/999999/erase").status_code == 404
    assert client.post("/staff/households/999999/erase").status_code == 404


def test_the_household_page_offers_export_and_erasure_to_managers_only(app):
    household = a_household_with_history()
    page = get_page(manager_client(app), f"/staff/households/{household.id}")
    assert page.find("h2", string="Data protection")
    advisor = app.test_client()
    sign_in(advisor, UserFactory(role=Role.ADVISOR))
    assert not get_page(advisor, f"/staff/households/{household.id}").find("h2", string="Data protection")


# -- erasure -------------------------------------------------------------------


def test_erasing_a_household_leaves_every_figure_and_no_personal_detail_anywhere(app):
    household = a_household_with_history()
    with time_machine.travel(YEARS_LATER, tick=True):
        client = manager_client(app)
        before = every_table()
        assert personal_details_left(), "the household's details are held before erasing"
        journey.post_update(
            household_id=household.id, author_id=household.adults[0].id, body="One more update"
        )
        page = get_page(client, f"/staff/households/{household.id}/erase")
        assert page.h1.text == "Check before you erase"
        assert "cannot be undone" in page.select_one(".govuk-warning-text").text
        response = client.post(f"/staff/households/{household.id}/erase")
        assert response.status_code == 302
        assert every_table() == before
    assert personal_details_left() == [], "audit_events is scanned too: it never held them"
    waiting = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.PENDING)
    ).all()
    assert waiting == [], "emails not yet sent to the erased adults are never sent"
    db.session.refresh(household)
    assert household.name == "Erased household"
    for adult in household.adults:
        assert adult.email == f"erased-{adult.id}@invalid"
        assert (adult.is_active, adult.password_hash, adult.totp_secret_encrypted) == (False, None, None)
    assert db.session.scalar(select(AuditEvent.summary).where(AuditEvent.action == "household.erased")) == (
        f"Personal data of household {household.id} erased"
    )


def test_erased_adults_cannot_sign_in_and_their_sessions_end(app):
    household = a_household_with_history()
    adult = household.adults[0]
    family = app.test_client()
    sign_in(family, adult)
    assert family.get("/account").status_code == 200
    manager_client(app).post(f"/staff/households/{household.id}/erase")
    assert family.get("/account").status_code == 302
    response = family.post(
        "/sign-in", data={"email": ADULTS[0][1], "password": "correct horse battery staple"}
    )
    assert response.status_code != 302
    assert db.session.scalar(select(User).where(User.email == ADULTS[0][1])) is None
