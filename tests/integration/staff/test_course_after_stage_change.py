"""A booked Stage 1 course after the household moves on: it stays booked, and
staff are told on the household's page, with a link to the course's register."""

from datetime import timedelta

from portal.extensions import db
from portal.models import Audience, BookingStatus, EventKind, Role, Stage, StageChange
from portal.services import clock
from tests.integration.staff.test_journey import record_stage
from tests.support.factories import BookingFactory, EventFactory, UserFactory
from tests.support.pages import get_page


def an_applicant_booked_on_a_stage_one_course(**event):
    applicant = UserFactory(role=Role.APPLICANT, full_name="Ash Applicant")
    db.session.add(
        StageChange(
            household_id=applicant.household_id,
            stage=Stage.STAGE_ONE,
            started_on=clock.today() - timedelta(days=30),
            recorded_at=clock.now(),
        )
    )
    course = EventFactory(
        kind=EventKind.STAGE_ONE_COURSE,
        audience=Audience.STAGE_ONE,
        title="Preparing to adopt",
        **event,
    )
    booking = BookingFactory(event=course, user=applicant)
    db.session.commit()
    return applicant, course, booking


def course_banner(page):
    return page.select_one(".govuk-notification-banner:not(.govuk-notification-banner--success)")


def test_moving_to_stage_two_tells_staff_on_the_page_after_saving_and_keeps_the_booking(client, sign_in_as):
    applicant, course, booking = an_applicant_booked_on_a_stage_one_course(
        starts_at=clock.now().replace(microsecond=0) + timedelta(days=20)
    )
    sign_in_as(Role.SOCIAL_WORKER)
    response = record_stage(client, applicant.household_id, "stage_two", clock.today())
    assert response.status_code == 302
    page = get_page(client, response.headers["Location"])

    banner = course_banner(page)
    assert banner is not None
    assert "may no longer need at Stage 2" in banner.text
    assert "Preparing to adopt" in banner.text
    starts = course.sessions[0].starts_at
    weekday = clock.to_london(starts).strftime("%A")
    assert weekday in banner.text
    link = banner.find("a", string=lambda text: text and "Preparing to adopt" in text)
    assert link["href"] == f"/staff/events/{course.id}/register"
    assert "has not been cancelled" in banner.text
    db.session.refresh(booking)
    assert booking.status == BookingStatus.BOOKED


def test_the_household_page_keeps_showing_it_on_later_visits_after_withdrawing(client, sign_in_as):
    applicant, course, _ = an_applicant_booked_on_a_stage_one_course()
    sign_in_as(Role.SOCIAL_WORKER)
    record_stage(client, applicant.household_id, "withdrawn", clock.today())

    page = get_page(client, f"/staff/households/{applicant.household_id}")
    assert "may no longer need at Withdrawn" in course_banner(page).text


def test_no_banner_while_the_household_is_at_stage_one_or_once_the_course_has_started(client, sign_in_as):
    applicant, _, _ = an_applicant_booked_on_a_stage_one_course()
    sign_in_as(Role.SOCIAL_WORKER)
    assert course_banner(get_page(client, f"/staff/households/{applicant.household_id}")) is None

    started, _, _ = an_applicant_booked_on_a_stage_one_course(
        starts_at=clock.now().replace(microsecond=0) - timedelta(hours=1)
    )
    record_stage(client, started.household_id, "stage_two", clock.today())
    assert course_banner(get_page(client, f"/staff/households/{started.household_id}")) is None


def test_a_cancelled_booking_is_not_mentioned(client, sign_in_as):
    applicant, _, booking = an_applicant_booked_on_a_stage_one_course()
    booking.status = BookingStatus.CANCELLED
    db.session.commit()
    sign_in_as(Role.SOCIAL_WORKER)
    record_stage(client, applicant.household_id, "stage_two", clock.today())
    assert course_banner(get_page(client, f"/staff/households/{applicant.household_id}")) is None
