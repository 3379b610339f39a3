"""The survey reports, rebuilt from responses to match the agency's printed figures."""

import uuid
from decimal import Decimal

from sqlalchemy import select

from portal.dev import demo
from portal.extensions import db
from portal.models import QuestionSet, Role, SurveyAnswer, SurveyKind, SurveyResponse, User
from portal.services import clock, reporting, surveys
from portal.services.financial_year import FinancialYear
from tests.integration.surveys.survey_helpers import POST_ORDER_ANSWERS, seal, sent_link
from tests.support.downloads import csv_rows
from tests.support.pages import error_summary, get_page, parse
from tests.support.signing_in import sign_in

PREVIOUS, LATEST = FinancialYear(2023), FinancialYear(2024)
STATEMENT_KEYS = [q.key for q in surveys.PRE_ORDER_STATEMENTS]
# The agency's 2024/25 report: statement -> (previous %, latest %), n=54 then n=67.
PUBLISHED_2024_25 = {
    1: (48, 48),
    2: (64, 61),
    3: (79, 77),
    4: (83, 83),
    5: (76, 83),
    6: (78, 79),
    7: (74, 71),
    8: (72, 69),
    9: (87, 87),
}
PUBLISHED_CHANGES = [0, -3, -2, 0, 7, 1, -3, -3, 0]


def question_set(kind: SurveyKind) -> int:
    existing = db.session.scalar(select(QuestionSet.id).where(QuestionSet.kind == kind))
    if existing:
        return existing
    row = QuestionSet(kind=kind, version=1, fingerprint=f"test-{kind}", created_at=clock.now())
    db.session.add(row)
    db.session.flush()
    return row.id


def add_response(kind: SurveyKind, month: str, answers: dict) -> None:
    response_id = str(uuid.uuid4())
    db.session.add(
        SurveyResponse(id=response_id, question_set_id=question_set(kind), reporting_month=month, sealed=True)
    )
    db.session.flush()
    for key, answer in answers.items():
        text = answer if isinstance(answer, str) else None
        db.session.add(
            SurveyAnswer(response_id=response_id, question_key=key, value=None if text else answer, text=text)
        )


def split(share: int, respondents: int) -> tuple[int, int]:
    """(how many answered, how many agreed): everyone if the share allows it,
    otherwise the fewest blanks that make the printed whole-number share."""
    for answered in range(respondents, 0, -1):
        for agreed in range(answered + 1):
            if reporting.percent(agreed, answered) == share:
                return answered, agreed
    raise AssertionError(share)


def months(year: FinancialYear) -> list[str]:
    first = year.start
    return [f"{first.year + (3 + i) // 12}-{(3 + i) % 12 + 1:02d}" for i in range(12)]


def build_pre_order_year(year: FinancialYear, respondents: int, which: int) -> dict[int, tuple[int, int]]:
    """Responses whose figures are the published ones; returns each statement's split."""
    splits = {number: split(PUBLISHED_2024_25[number][which], respondents) for number in PUBLISHED_2024_25}
    responses = [{} for _ in range(respondents)]
    for number, (answered, agreed) in splits.items():
        key = STATEMENT_KEYS[number - 1]
        recommend = number == 9
        for index in range(answered):
            if index < agreed:
                value = (6 + index % 5) if recommend else (4 + index % 2)
            else:
                value = (index % 6) if recommend else (1 + index % 3)
            responses[index][key] = value
    for index, answers in enumerate(responses):
        answers.setdefault("pre.worked_well", f"Comment {index}")
        add_response(SurveyKind.PRE_ORDER, months(year)[index % 12], answers)
    return splits


def test_responses_built_to_the_2024_25_table_reproduce_it_exactly(app):
    previous_splits = build_pre_order_year(PREVIOUS, 54, 0)
    latest_splits = build_pre_order_year(LATEST, 67, 1)
    db.session.commit()
    # 64% and 77% are not whole-number shares of 54 and 67: some left those blank.
    assert previous_splits[2][0] < 54 and latest_splits[3][0] < 67

    report = reporting.pre_order_report(
        previous=reporting.financial_year_period(PREVIOUS),
        latest=reporting.financial_year_period(LATEST),
    )
    assert (report.previous.respondents, report.latest.respondents) == (54, 67)
    assert [(r.previous.percent, r.latest.percent) for r in report.rows] == list(PUBLISHED_2024_25.values())
    assert [r.change for r in report.rows] == PUBLISHED_CHANGES
    assert [r.previous.answered for r in report.rows] == [previous_splits[n][0] for n in PUBLISHED_2024_25]


def test_the_report_page_shows_the_table_its_ns_a_chart_and_a_csv(client, sign_in_as):
    build_pre_order_year(PREVIOUS, 54, 0)
    build_pre_order_year(LATEST, 67, 1)
    db.session.commit()
    sign_in_as(Role.MANAGER)
    page = get_page(client, "/staff/reports/surveys?previous=2023/24&latest=2024/25")
    table = page.select_one("#pre-order-table")
    headers = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    assert headers == ["Statement", "2023/24 (n=54)", "2024/25 (n=67)", "Change"]
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert rows[4] == ["76%", "83% (n=66)", "7ppt"]
    assert rows[6] == ["74%", "71% (n=66)", "-3ppt"]
    # A statement some left blank shows its own n.
    assert rows[1][0].startswith("64% (n=")
    assert table.select("tbody th")[0].text.startswith("1. The process from application to approval")
    chart = page.select_one("svg[role=img]")
    assert chart.select_one("title").text.startswith("Bar chart")
    assert len(chart.select("rect")) == 2 + 18
    # Each statement is labelled in words, and the value axis says what it measures.
    labels = [text.get_text("", strip=True) for text in chart.select("text")]
    assert any(label.startswith("1. The process from application") for label in labels)
    assert "Share who agreed (%)" in labels and "100%" in labels

    response = client.get("/staff/reports/surveys/pre-order.csv?previous=2023/24&latest=2024/25")
    assert response.mimetype == "text/csv"
    lines = csv_rows(response)
    assert lines[0][-1] == "Note"
    assert lines[1] == ["", "Respondents", "", "54", "", "67", "", ""]
    assert lines[2 + 6][0] == "7" and lines[2 + 6][4] == "71" and lines[2 + 6][-2:] == ["-3", ""]


def test_23_post_order_responses_reproduce_the_published_figures(client, sign_in_as):
    for index in range(23):
        add_response(
            SurveyKind.POST_ORDER,
            months(LATEST)[index % 12],
            {
                "post.q1_call_rating": 5 if index < 21 else 4,
                "post.q2_clear_next_steps": 1,
                # 9 rated services: 6 x 5 and 3 x 4 = 42 / 9 = 4.67; the others had none.
                "post.q3_services_rating": (5 if index < 6 else 4) if index < 9 else 0,
            },
        )
    db.session.commit()
    _, latest = reporting.post_order_report(
        previous=reporting.financial_year_period(PREVIOUS),
        latest=reporting.financial_year_period(LATEST),
    )
    assert latest.respondents == 23
    assert (latest.call_average, latest.call_answered) == (Decimal("4.91"), 23)
    assert (latest.next_steps_yes, latest.next_steps_answered, latest.next_steps_percent) == (23, 23, 100)
    assert (latest.services_average, latest.services_answered) == (Decimal("4.67"), 9)
    assert latest.manager_requests == 0

    sign_in_as(Role.ADMIN)
    page = get_page(client, "/staff/reports/surveys?previous=2023/24&latest=2024/25")
    cells = [
        [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in page.select("#post-order-table tbody tr")
    ]
    assert [row[1] for row in cells] == ["4.91 (n=23)", "23 of 23 (100%)", "4.67 (n=9)", "0"]
    assert [row[0] for row in cells] == ["Not enough responses to show"] * 4
    response = client.get("/staff/reports/surveys/post-order.csv?previous=2023/24&latest=2024/25")
    lines = csv_rows(response)
    # A number column holds numbers or nothing; why it is blank is in the note.
    assert lines[0] == ["Measure", "2023/24", "2024/25", "Note"]
    assert lines[2] == [
        "Average rating of the support and advice call",
        "",
        "4.91",
        "Not enough responses to show for 2023/24",
    ]


def test_fewer_than_five_responses_show_nothing_not_even_comments(client, sign_in_as):
    for index in range(4):
        add_response(
            SurveyKind.PRE_ORDER, "2024-05", {STATEMENT_KEYS[0]: 5, "pre.worked_well": f"Secret {index}"}
        )
    db.session.commit()
    sign_in_as(Role.MANAGER)
    page = get_page(client, "/staff/reports/surveys?previous=2023/24&latest=2024/25")
    assert "Not enough responses to show" in page.select_one("#pre-order-table tbody tr").text
    assert not page.find("a", string=lambda s: s and s.startswith("Comments from"))
    comments = get_page(client, "/staff/reports/surveys/comments?kind=pre_order&period=2024/25")
    assert "Not enough responses to show" in comments.text and "Secret" not in comments.text

    add_response(SurveyKind.PRE_ORDER, "2024-06", {STATEMENT_KEYS[0]: 1})
    db.session.commit()
    page = get_page(client, "/staff/reports/surveys?previous=2023/24&latest=2024/25")
    assert page.select_one("#pre-order-table tbody tr").select("td")[1].text.strip() == "80%"
    comments = get_page(client, "/staff/reports/surveys/comments?kind=pre_order&period=2024/25")
    assert sorted(p.text for p in comments.select(".portal-pre-line")) == [f"Secret {i}" for i in range(4)]


def test_answers_from_the_web_count_only_once_sealed_in_a_batch_of_five(client, other_client):
    for _ in range(4):
        other_client.post(
            sent_link(SurveyKind.POST_ORDER), data={**POST_ORDER_ANSWERS, "q4_manager_contact": "1"}
        )
    assert seal() == 0
    period = reporting.parse_period(FinancialYear.containing(clock.today()).label)
    assert reporting.respondents(SurveyKind.POST_ORDER, period) == 0
    client.post(sent_link(SurveyKind.POST_ORDER), data=POST_ORDER_ANSWERS)
    assert seal() == 5
    assert seal() == 0
    _, latest = reporting.post_order_report(previous=period, latest=period)
    assert (latest.respondents, latest.call_average, latest.manager_requests) == (5, Decimal("5.00"), 4)
    # The manager answer became a monthly count, apart from the other answers.
    assert (
        db.session.scalar(
            select(SurveyAnswer.response_id).where(SurveyAnswer.question_key == surveys.MANAGER_KEY)
        )
        is None
    )


def test_a_manager_enters_last_printed_figures_to_compare_the_first_portal_year(client, sign_in_as):
    build_pre_order_year(LATEST, 67, 1)
    db.session.commit()
    sign_in_as(Role.MANAGER)
    data = {"period": "2023/24", "respondents": "54"}
    for question, (previous, _) in zip(surveys.PRE_ORDER_STATEMENTS, PUBLISHED_2024_25.values(), strict=True):
        data[question.field_name] = str(previous)
    response = client.post(
        "/staff/reports/surveys/published", data={**data, "q5_informed_during_matching": "101"}
    )
    assert response.status_code == 400
    assert error_summary(parse(response)) == ["The percentage for statement 5 must be from 0 to 100"]
    assert client.post("/staff/reports/surveys/published", data=data).status_code == 302

    report = reporting.pre_order_report(
        previous=reporting.financial_year_period(PREVIOUS),
        latest=reporting.financial_year_period(LATEST),
    )
    assert (report.previous.source, report.previous.respondents) == ("published", 54)
    assert [r.change for r in report.rows] == PUBLISHED_CHANGES
    page = get_page(client, "/staff/reports/surveys?previous=2023/24&latest=2024/25")
    assert "published figures" in page.select_one("#pre-order-table thead").text
    # Entering the year again replaces it.
    assert (
        client.post("/staff/reports/surveys/published", data={**data, "respondents": "55"}).status_code == 302
    )
    assert [p.respondents for p in reporting.published_periods()] == [55]


def test_periods_default_to_the_last_two_financial_years_and_bad_ones_are_explained(client, sign_in_as):
    sign_in_as(Role.MANAGER)
    latest = FinancialYear.containing(clock.today()).previous
    page = get_page(client, "/staff/reports/surveys")
    assert page.select_one("#previous")["value"] == latest.previous.label
    assert page.select_one("#latest")["value"] == latest.label
    response = client.get("/staff/reports/surveys?previous=2024/26&latest=2025-13 to 2026-01")
    assert response.status_code == 400
    assert error_summary(parse(response)) == [
        "Enter a financial year like 2024/25, or months like 2025-04 to 2025-09",
        "'2025-13' is not a month like 2025-04",
    ]
    assert client.get("/staff/reports/surveys/pre-order.csv?previous=x&latest=y").status_code == 400
    assert client.get("/staff/reports/surveys/comments?kind=nonsense&period=2024/25").status_code == 400
    months_page = get_page(
        client, "/staff/reports/surveys?previous=2024-04 to 2024-09&latest=2024-10 to 2025-03"
    )
    assert "2024-04 to 2024-09" in months_page.select_one("#pre-order-table thead").text


def test_managers_see_reports_in_the_navigation(client, sign_in_as):
    sign_in_as(Role.MANAGER)
    page = get_page(client, "/staff/reports")
    assert "Reports" in [a.text.strip() for a in page.select(".govuk-service-navigation__link")]


def test_the_demo_has_survey_results_to_show_and_a_survey_waiting(app, client):
    app.test_cli_runner().invoke(args=["seed-demo"])
    app.test_cli_runner().invoke(args=["seed-demo"])
    manager = db.session.scalar(select(User).where(User.email == "manager@demo.adoption-portal.example"))
    sign_in(client, manager, demo.DEMO_PASSWORD)
    page = get_page(client, "/staff/reports/surveys")
    headers = page.select_one("#pre-order-table thead").get_text(" ", strip=True)
    assert "(n=67) published figures" in headers and "(n=16)" in headers
    family = db.session.scalar(select(User).where(User.email == "family@demo.adoption-portal.example"))
    [waiting] = surveys.waiting_for_household(family.household_id)
    assert get_page(client, waiting.path).h1.text.strip() == "Tell us about your adoption journey"
