"""The annual report's tables as the agency reads them: every heading and row
label, and blank cells where there is nothing to average."""


from portal.models import Role
from tests.support.downloads import csv_rows
from tests.support.factories import CouncilFactory
from tests.support.pages import get_page

PREVIOUS, LATEST = "2024/25", "2025/26"
MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]

LABELS = {
    "Adopter journey": (
        ["Measure", PREVIOUS, LATEST],
        [
            "Information packs sent",
            "Information events attended (households)",
            "Enquiries in year",
            "Stage 1 starts in year",
            "Stage 2 starts in year",
            "Stage 2 ends in year",
            "Adoptive families matched in year",
            "Adoptive families with placements in year",
        ],
    ),
    "Timescales (average days)": (
        ["Measure", "Target", PREVIOUS, LATEST],
        ["Enquiry to Stage 1 start", "Stage 1 start to Stage 1 end", "Stage 2 start to Stage 2 end"],
    ),
    f"Support-and-advice calls, {LATEST}": (
        ["Council", *MONTHS, "Total"],
        ["Bexley", "Kent", "Medway", "Total"],
    ),
    "Time to the call and outcomes": (
        ["Measure", PREVIOUS, LATEST],
        [
            "Calls held",
            "Average days to the call",
            "Average working days to the call",
            "Share within the promise (%)",
            "Outcome: Resolved on the call",
            "Outcome: Signposted elsewhere",
            "Outcome: Adoption support assessment of need",
            "Outcome: Adoption Support Fund application",
        ],
    ),
    "Catch-up calls": (
        ["Measure", PREVIOUS, LATEST],
        [
            "Households opted in: every year (now)",
            "Households opted in: every 2 years (now)",
            "Households opted in: every 3 years (now)",
            "Calls due",
            "Calls held",
        ],
    ),
    "Events, groups and courses attended (households)": (
        ["Kind", PREVIOUS, LATEST],
        [
            "Information event",
            "Stage 1 preparation course",
            "Stage 2 preparation",
            "Training workshop",
            "Support group",
            "Stay and play",
            "Evening online group",
            "Course",
        ],
    ),
    "Peer connectors": (
        ["Measure", PREVIOUS, LATEST],
        [
            "Active peer connectors (now)",
            "Households supported in year",
            "Households supported ever",
            "Links proposed",
            "Links accepted",
            "Links declined",
            "Links closed",
            "Median days from proposal to acceptance",
            "Contacts logged",
        ],
    ),
    f"Messages from households and peer connectors, {LATEST}": (
        ["Measure", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"],
        [
            "Messages received",
            "Conversations opened",
            "Answered within the promise (%)",
            "Median working days to the first reply",
        ],
    ),
}


def tables(page) -> dict[str, tuple[list[str], list[list[str]]]]:
    return {
        table.caption.text: (
            [th.text for th in table.select("thead th")],
            [[tr.th.text, *(td.text for td in tr.select("td"))] for tr in table.select("tbody tr")],
        )
        for table in page.select("table")
    }


def test_every_table_heading_and_row_label_reads_as_the_agency_prints_it(client, sign_in_as):
    for name in ("Bexley", "Kent", "Medway"):
        CouncilFactory(name=name)
    sign_in_as(Role.MANAGER)
    shown = tables(get_page(client, f"/staff/reports/annual?year={LATEST}"))
    assert list(shown) == list(LABELS)
    for caption, (columns, row_labels) in LABELS.items():
        assert shown[caption][0] == columns, caption
        assert [row[0] for row in shown[caption][1]] == row_labels, caption


def test_a_year_with_nothing_to_average_shows_blank_cells_and_zero_counts_never_none(client, sign_in_as):
    sign_in_as(Role.MANAGER)
    page = get_page(client, f"/staff/reports/annual?year={LATEST}")
    assert "None" not in page.text
    shown = tables(page)
    assert shown["Timescales (average days)"][1] == [
        ["Enquiry to Stage 1 start", "", "", ""],
        ["Stage 1 start to Stage 1 end", "60", "", ""],
        ["Stage 2 start to Stage 2 end", "121", "", ""],
    ]
    timing = shown["Time to the call and outcomes"][1]
    assert timing[:4] == [
        ["Calls held", "0", "0"],
        ["Average days to the call", "", ""],
        ["Average working days to the call", "", ""],
        ["Share within the promise (%)", "", ""],
    ]
    connectors = dict((row[0], row[1:]) for row in shown["Peer connectors"][1])
    assert connectors["Median days from proposal to acceptance"] == ["", ""]
    assert connectors["Links proposed"] == ["0", "0"]
    catch_up = dict((row[0], row[1:]) for row in shown["Catch-up calls"][1])
    assert catch_up["Households opted in: every year (now)"] == ["", "0"]


def test_blank_cells_download_as_empty_csv_fields(client, sign_in_as):
    sign_in_as(Role.MANAGER)
    response = client.get(f"/staff/reports/annual/timescales.csv?year={LATEST}")
    rows = csv_rows(response)
    assert rows == [
        ["Measure", "Target", PREVIOUS, LATEST],
        ["Enquiry to Stage 1 start", "", "", ""],
        ["Stage 1 start to Stage 1 end", "60", "", ""],
        ["Stage 2 start to Stage 2 end", "121", "", ""],
    ]
