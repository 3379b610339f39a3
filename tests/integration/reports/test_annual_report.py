from datetime import date

from portal.extensions import db
from portal.models import Role, Stage, StageChange
from portal.services import clock
from tests.support.downloads import csv_rows
from tests.support.factories import HouseholdFactory
from tests.support.pages import get_page


def record(stage: Stage, on: date) -> None:
    db.session.add(
        StageChange(household_id=HouseholdFactory().id, stage=stage, started_on=on, recorded_at=clock.now())
    )


def test_a_manager_sees_the_chosen_year_beside_the_previous_one(client, sign_in_as):
    sign_in_as(Role.MANAGER)
    record(Stage.ENQUIRY, date(2024, 5, 1))
    record(Stage.ENQUIRY, date(2025, 5, 1))
    record(Stage.ENQUIRY, date(2025, 6, 1))
    db.session.commit()
    page = get_page(client, "/staff/reports/annual?year=2025/26")
    journey = page.select("table")[0]
    assert [th.text for th in journey.select("thead th")] == ["Measure", "2024/25", "2025/26"]
    enquiries = next(row for row in journey.select("tbody tr") if row.th.text == "Enquiries in year")
    assert [td.text for td in enquiries.select("td")] == ["1", "2"]
    captions = [caption.text for caption in page.select("caption")]
    assert captions == [
        "Adopter journey",
        "Timescales (average days)",
        "Support-and-advice calls, 2025/26",
        "Time to the call and outcomes",
        "Catch-up calls",
        "Events, groups and courses attended (households)",
        "Peer connectors",
        "Messages from households and peer connectors, 2025/26",
    ]


def test_each_table_downloads_as_csv_with_the_same_figures(client, sign_in_as):
    sign_in_as(Role.ADMIN)
    record(Stage.STAGE_ONE, date(2025, 4, 1))
    db.session.commit()
    response = client.get("/staff/reports/annual/adopter-journey.csv?year=2025")
    assert response.mimetype == "text/csv"
    assert 'filename="adopter-journey-2025-26.csv"' in response.headers["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == ["Measure", "2024/25", "2025/26"]
    assert ["Stage 1 starts in year", "0", "1"] in rows


def test_the_report_prints_the_same_table_for_analysts(app):
    record(Stage.STAGE_ONE, date(2025, 4, 1))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["report", "adopter-journey", "--year", "2025", "--csv"])
    assert result.exit_code == 0
    assert "Stage 1 starts in year,0,1" in result.output


def test_a_year_that_is_not_one_is_a_bad_request(client, sign_in_as):
    sign_in_as(Role.MANAGER)
    assert client.get("/staff/reports/annual?year=next").status_code == 400
    assert client.get("/staff/reports/annual?year=2999").status_code == 400
    assert client.get("/staff/reports/annual/nonsense.csv").status_code == 404


def test_charts_show_the_adopter_journey_over_four_years_and_the_calls_by_month_and_council(
    client, sign_in_as
):
    sign_in_as(Role.MANAGER)
    record(Stage.ENQUIRY, date(2022, 5, 1))
    for day in (1, 2, 3):
        record(Stage.ENQUIRY, date(2025, 5, day))
    db.session.commit()
    page = get_page(client, "/staff/reports/annual?year=2025/26")
    journey, by_month, by_council = page.select("figure.portal-chart svg")[:3]
    assert journey.title.text.startswith("Bar chart of the adopter journey, 2022/23 to 2025/26")
    legend = [text.text for text in journey.select("text")][:4]
    assert legend == ["2022/23", "2023/24", "2024/25", "2025/26"]
    enquiry_bars = [text.text for text in journey.select("text.portal-chart__value")][:4]
    assert enquiry_bars == ["1", "0", "0", "3"]
    assert "Households" in [text.text for text in journey.select("text")]
    assert by_month.title.text.startswith("Bar chart of support-and-advice calls by month, 2025/26")
    assert "Apr" in [tspan.text for tspan in by_month.select("tspan")]
    assert by_council.title.text.startswith("Bar chart of support-and-advice calls by council")
