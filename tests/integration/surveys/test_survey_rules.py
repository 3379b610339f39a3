"""Surveys: the threshold for showing figures, the 0 to 10 scale, and
invitations that were cancelled."""

from datetime import timedelta

from portal.extensions import db
from portal.models import Role, SurveyKind
from portal.services import accounts, clock, surveys
from portal.services.financial_year import FinancialYear
from tests.integration.surveys.survey_helpers import POST_ORDER_ANSWERS, run_job, seal, sent_link
from tests.support.factories import HouseholdFactory, UserFactory
from tests.support.pages import get_page


def report_page(client) -> str:
    year = FinancialYear.containing(clock.today())
    return get_page(client, f"/staff/reports/surveys?previous={year.previous.label}&latest={year.label}")


def test_exactly_five_post_order_responses_show_their_figures(client, other_client, sign_in_as):
    for _ in range(5):
        other_client.post(sent_link(SurveyKind.POST_ORDER), data=POST_ORDER_ANSWERS)
    assert seal() == 5
    sign_in_as(Role.MANAGER)
    rows = [
        [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in report_page(client).select("#post-order-table tbody tr")
    ]
    latest = [row[1] for row in rows]
    assert latest[0] == "5.00 (n=5)"
    assert latest[1] == "5 of 5 (100%)"
    assert "Not enough responses to show" not in latest


def test_a_family_can_answer_10_extremely_likely_and_it_counts_as_recommending(
    client, other_client, sign_in_as
):
    form = get_page(other_client, sent_link(SurveyKind.PRE_ORDER))
    offered = [radio["value"] for radio in form.select("input[name=q9_recommend]")]
    assert offered == [str(n) for n in range(11)]
    assert "10 is extremely likely" in form.text
    for answer in ("10", "6", "5", "0", "10"):
        response = other_client.post(sent_link(SurveyKind.PRE_ORDER), data={"q9_recommend": answer})
        assert response.status_code == 302, answer
    assert seal() == 5
    sign_in_as(Role.MANAGER)
    recommend = report_page(client).select("#pre-order-table tbody tr")[8]
    assert recommend.th.text.startswith("9. How likely are you to recommend")
    # 10, 6 and 10 of the five answers are 6 or more.
    assert recommend.select("td")[1].get_text(" ", strip=True) == "60%"


def test_a_cancelled_invitation_does_not_stop_the_household_being_invited_again(app):
    household = HouseholdFactory()
    closed, open_ = (UserFactory(role=Role.FAMILY, household=household) for _ in range(2))
    admin = UserFactory(role=Role.ADMIN)
    for schedule in (surveys.schedule_pre_order_invitation, surveys.schedule_post_order_invitation):
        invitation = schedule(household_id=household.id, delay_days=14)
        assert invitation.email == closed.email
        invitation.send_after = clock.now() - timedelta(seconds=1)
        db.session.commit()
    accounts.set_active(user_id=closed.id, active=False, actor=admin)
    db.session.commit()
    assert run_job().cancelled == 2
    for schedule in (surveys.schedule_pre_order_invitation, surveys.schedule_post_order_invitation):
        again = schedule(household_id=household.id, delay_days=14)
        assert again is not None and again.email == open_.email
