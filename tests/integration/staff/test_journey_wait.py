"""The wait between stages, as an applicant lives it: an email at every stage
change, the day the break ends, "we are ready to start Stage 2", the whole
journey with its dates, and queue items that close once their cause has gone."""

from datetime import date, timedelta

import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, BookingStatus, EventKind, Role, Stage, StageChange, TriageItem
from portal.services import clock, journey
from tests.integration.events.test_events import book_as_visitor
from tests.integration.staff.test_journey import record_stage
from tests.support.emails import emails_to, link_in
from tests.support.factories import BookingFactory, EventFactory, UserFactory
from tests.support.pages import get_page
from tests.support.signing_in import sign_in

TODAY = "2026-12-02 10:00 +0000"


def summary_rows(page) -> dict[str, str]:
    return {row.dt.text.strip(): row.dd.text.strip() for row in page.select(".govuk-summary-list__row")}


def history_of(item_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.summary)
            .where(AuditEvent.record_type == "triage_item", AuditEvent.record_id == item_id)
            .order_by(AuditEvent.id)
        )
    )


def an_applicant_between_stages(stage_one_ended: date, worker=None):
    applicant = UserFactory(role=Role.APPLICANT)
    applicant.household.social_worker = worker
    for stage, day in (
        (Stage.STAGE_ONE, stage_one_ended - timedelta(days=58)),
        (Stage.STAGE_ONE_COMPLETE, stage_one_ended),
    ):
        db.session.add(
            StageChange(
                household_id=applicant.household_id, stage=stage, started_on=day, recorded_at=clock.now()
            )
        )
    db.session.commit()
    return applicant


def at_stage_one_today(applicant) -> None:
    db.session.add(
        StageChange(
            household_id=applicant.household_id,
            stage=Stage.STAGE_ONE,
            started_on=clock.today(),
            recorded_at=clock.now(),
        )
    )
    db.session.commit()


def test_every_stage_change_emails_each_adult_without_the_stage_in_the_subject(client, sign_in_as):
    first = UserFactory(role=Role.APPLICANT)
    second = UserFactory(role=Role.APPLICANT, household=first.household)
    with time_machine.travel(TODAY, tick=False):
        sign_in_as(Role.SOCIAL_WORKER)
        assert (
            record_stage(client, first.household_id, "stage_one_complete", date(2026, 12, 1)).status_code
            == 302
        )
    for adult in (first, second):
        [email] = emails_to(adult.email)
        assert email.subject == "News about your adoption journey"
        assert "you have finished Stage 1, from 1 December 2026" in email.body
        assert "Your break can last until 1 June 2027" in email.body
        assert "http://portal.test/account" in email.body


def test_between_stages_the_account_shows_the_day_the_break_ends_from_the_agency_setting(client, agency):
    applicant = an_applicant_between_stages(date(2026, 8, 4))
    with time_machine.travel(TODAY, tick=False):
        sign_in(client, applicant)
        assert summary_rows(get_page(client, "/account"))["Your break ends"] == "4 February 2027"
        agency.stage_break_months = 4
        db.session.commit()
        assert summary_rows(get_page(client, "/account"))["Your break ends"] == "4 December 2026"


def test_we_are_ready_raises_one_item_for_the_social_worker_and_stage_two_closes_it(client, other_client):
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    applicant = an_applicant_between_stages(date(2026, 8, 4), worker=worker)
    with time_machine.travel(TODAY, tick=False):
        sign_in(client, applicant)
        page = get_page(client, "/account")
        assert page.find("button", string="We are ready to start Stage 2") is not None
        for _ in range(2):
            assert client.post("/account/ready-for-stage-two").headers["Location"] == "/account"
        [item] = db.session.scalars(select(TriageItem).where(TriageItem.kind == "stage_two_ready")).all()
        assert (item.assignee_id, item.household_id, item.reference[:4]) == (
            worker.id,
            applicant.household_id,
            "RDY-",
        )
        page = get_page(client, "/account")
        assert "You told us on 2 December 2026 that you are ready to start Stage 2" in page.text
        assert page.find("button", string="We are ready to start Stage 2") is None

        sign_in(other_client, worker)
        record_stage(other_client, applicant.household_id, "stage_two", date(2026, 12, 2))
    db.session.refresh(item)
    assert item.status == "done"
    assert history_of(item.id)[-1].endswith("Closed by itself: Stage 2 recorded")


def test_only_an_applicant_between_stages_can_say_they_are_ready(client, sign_in_as):
    applicant = sign_in_as(Role.APPLICANT)
    at_stage_one_today(applicant)
    client.post("/account/ready-for-stage-two")
    assert db.session.scalar(select(TriageItem.id)) is None
    assert "once you have finished Stage 1" in get_page(client, "/account").text


def test_the_whole_journey_shows_the_dates_done_and_the_time_usually_to_come(client, agency):
    applicant = an_applicant_between_stages(date(2026, 8, 4))
    db.session.add(
        StageChange(
            household_id=applicant.household_id,
            stage=Stage.ENQUIRY,
            started_on=date(2026, 5, 1),
            recorded_at=clock.now(),
        )
    )
    # Another household took 200 days from approval to being matched.
    other = UserFactory(role=Role.APPLICANT).household
    for stage, day in ((Stage.APPROVED, date(2025, 1, 1)), (Stage.MATCHED, date(2025, 7, 20))):
        db.session.add(
            StageChange(household_id=other.id, stage=stage, started_on=day, recorded_at=clock.now())
        )
    db.session.commit()
    with time_machine.travel(TODAY, tick=False):
        sign_in(client, applicant)
        page = get_page(client, "/account/journey")
    steps = {
        li.h2.get_text(" ", strip=True): li.p.get_text(" ", strip=True) if li.p else ""
        for li in page.select("main ol li")
    }
    assert list(steps) == [
        "Enquiry Done",
        "Stage 1 Done",
        "Break between stages You are here",
        "Stage 2 To come",
        "Panel To come",
        "Matching To come",
        "Placement To come",
        "Adoption order To come",
    ]
    assert steps["Enquiry Done"] == "1 May 2026 to 7 June 2026"
    assert steps["Stage 1 Done"] == "7 June 2026 to 4 August 2026"
    assert steps["Break between stages You are here"].endswith("Your break ends on 4 February 2027.")
    assert steps["Stage 2 To come"] == "Usually takes about 121 days."
    assert steps["Panel To come"] == "Usually takes about 200 days."


def test_what_happens_next_says_the_preparation_course_is_booked_once_it_is(client, sign_in_as):
    applicant = sign_in_as(Role.APPLICANT)
    at_stage_one_today(applicant)
    assert "Book your preparation course" in get_page(client, "/account").text
    course = EventFactory(kind=EventKind.STAGE_ONE_COURSE, title="Stage 1 preparation course")
    BookingFactory(event=course, user=applicant, household=applicant.household, status=BookingStatus.BOOKED)
    page = get_page(client, "/account")
    assert "Book your preparation course" not in page.text
    assert "You are booked on the Stage 1 preparation course, starting" in page.text


def test_a_posted_update_closes_the_no_recent_update_item_with_a_note_in_its_history(client, sign_in_as):
    applicant = UserFactory(role=Role.APPLICANT)
    db.session.add(
        StageChange(
            household_id=applicant.household_id,
            stage=Stage.STAGE_ONE_COMPLETE,
            started_on=clock.today() - timedelta(days=60),
            recorded_at=clock.now() - timedelta(days=60),
        )
    )
    db.session.commit()
    assert journey.raise_stale_applicant_items() == 1
    db.session.commit()
    item = db.session.scalar(select(TriageItem).where(TriageItem.kind == "stale_applicant"))
    sign_in_as(Role.SOCIAL_WORKER)
    client.post(
        f"/staff/households/{applicant.household_id}/updates", data={"update-body": "Panel is in March."}
    )
    db.session.refresh(item)
    assert item.status == "done"
    assert history_of(item.id)[-1].endswith("Closed by itself: an update was posted")
    assert "Closed by itself: an update was posted" in get_page(client, f"/staff/queue/{item.id}").text


def test_the_waiting_list_item_closes_itself_once_everyone_waiting_is_offered_a_place(client):
    event = EventFactory(capacity=1)
    book_as_visitor(client, event, "First Person", "first@example.com")
    book_as_visitor(client, event, "Second Person", "second@example.com")
    item = db.session.scalar(select(TriageItem).where(TriageItem.kind == "event_waitlist"))
    assert item.status == "new"
    [confirmation] = emails_to("first@example.com")
    client.post(link_in(confirmation) + "/cancel")
    assert emails_to("second@example.com")[-1].subject == "A place has come up for you"
    db.session.refresh(item)
    assert item.status == "done"
    assert history_of(item.id)[-1].endswith("Closed by itself: places offered to everyone waiting")


def test_recording_the_same_stage_again_to_correct_its_date_sends_no_second_email(client, sign_in_as):
    applicant = UserFactory(role=Role.APPLICANT)
    with time_machine.travel(TODAY, tick=False):
        sign_in_as(Role.SOCIAL_WORKER)
        record_stage(client, applicant.household_id, "stage_one", date(2026, 11, 30))
        record_stage(client, applicant.household_id, "stage_one", date(2026, 11, 27))
    assert len(emails_to(applicant.email)) == 1
