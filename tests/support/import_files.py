"""Spreadsheets as an agency would bring them: households with their real
stage dates, some with mistakes, and the counts the file itself implies."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from portal.services.imports.household_rows import COLUMNS
from tests.support.pages import get_page

# reference, adults [(name, email, phone)], council, placing council, stage,
# {date column: date}, social worker, catch-up
HOUSEHOLDS = [
    (
        "HH-1",
        [("Ann Able", "ann@example.com", "07700 900001"), ("Bo Able", "bo@example.com", "")],
        "Kent",
        "Medway",
        "Adoption order granted",
        {
            "enquiry_date": "2023-04-10",
            "stage_one_date": "2023-05-02",
            "stage_two_date": "2023-08-01",
            "approved_date": "2023-12-04",
            "matched_date": "2024-02-05",
            "placed_date": "2024-04-15",
            "adoption_order_date": "2024-11-01",
        },
        "sw@agency.example",
        "every year",
    ),
    (
        "HH-2",
        [("Cy Cole", "cy@example.com", "07700 900003")],
        "Medway",
        "",
        "Stage 2",
        {"enquiry_date": "2024-05-01", "stage_one_date": "2024-06-03", "stage_two_date": "2024-09-02"},
        "",
        "",
    ),
    (
        "HH-3",
        [("Di Dunn", "", "07700 900004")],
        "Kent",
        "",
        "Stage 1",
        {"enquiry_date": "2024-07-01", "stage_one_date": "2024-10-01"},
        "",
        "",
    ),
    (
        "HH-4",
        [("Ed Egan", "ed@example.com", ""), ("Flo Egan", "flo@example.com", "07700 900006")],
        "Bexley",
        "Kent",
        "Child placed",
        {
            "enquiry_date": "2022-09-01",
            "stage_one_date": "2022-10-03",
            "stage_two_date": "2023-01-09",
            "approved_date": "2023-05-15",
            "matched_date": "2024-05-20",
            "placed_date": "2024-06-24",
        },
        "",
        "",
    ),
]


def household_rows(households=HOUSEHOLDS) -> list[list[str]]:
    rows = [list(COLUMNS)]
    for reference, adults, council, placing, stage, dates, social_worker, catch_up in households:
        values = dict.fromkeys(COLUMNS, "")
        values.update(
            reference=reference,
            council=council,
            placing_council=placing,
            stage=stage,
            social_worker_email=social_worker,
            catch_up=catch_up,
            **dates,
        )
        for n, (name, email, phone) in enumerate(adults, start=1):
            values.update({f"adult_{n}_name": name, f"adult_{n}_email": email, f"adult_{n}_phone": phone})
        rows.append([values[column] for column in COLUMNS])
    return rows


def as_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def as_xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_mistakes() -> list[list[str]]:
    """The same households with four mistakes an agency's spreadsheet has."""
    rows = household_rows()
    column = {name: i for i, name in enumerate(COLUMNS)}
    rows[1][column["council"]] = "Kentt"
    rows[2][column["stage_one_date"]] = "31/02/2024"
    rows[3][column["adult_1_name"]] = ""
    rows[4][column["adult_2_email"]] = "ann@example.com"
    return rows


def counted_in(financial_year_start: int, column: str) -> int:
    """How many households of the file entered a stage within a financial year."""
    start, end = f"{financial_year_start}-04-01", f"{financial_year_start + 1}-03-31"
    return sum(1 for h in HOUSEHOLDS if start <= h[5].get(column, "") <= end)


def upload(client, content: bytes, name: str = "families.csv", kind: str = "households"):
    return client.post(
        "/staff/imports",
        data={"kind": kind, "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def preview_of(client, response) -> dict:
    assert response.status_code == 302, response.status_code
    page = get_page(client, response.headers["Location"])
    summary = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(strip=True)
        for row in page.select(".govuk-summary-list__row")
    }
    problems = (
        [
            tuple(cell.get_text(" ", strip=True) for cell in row.select("td"))
            for row in page.select("table")[0].select("tbody tr")
        ]
        if page.select(".govuk-error-summary")
        else []
    )
    buttons = [button.get_text(strip=True) for button in page.select("form button")]
    return {"url": response.headers["Location"], "summary": summary, "problems": problems, "buttons": buttons}


def run_importer(app, *arguments: str) -> str:
    """What the importer process does (`flask run-imports`): import every queued file."""
    from portal.extensions import db

    db.session.commit()
    result = app.test_cli_runner().invoke(args=["run-imports", *arguments])
    db.session.expire_all()
    assert result.exit_code == 0, result.output
    return result.output


def import_file(client, url: str, *arguments: str):
    """Press "Import" on a checked file, and let the importer import it."""
    response = client.post(url + "/import")
    run_importer(client.application, *arguments)
    return response


def committed(step):
    """One of the importer's steps, in a transaction of its own, as the importer runs it."""
    from portal.database import writing
    from portal.extensions import db

    with writing():
        result = step()
        db.session.commit()
    return result


def start_importing(worker: str) -> tuple[int, list]:
    """The importer takes the queued file and checks it again: the file's id and its rows."""
    from portal.services import imports

    batch_id = committed(lambda: imports.claim(worker))
    rows = imports.file_rows(batch_id)
    problems = imports.problems_now(batch_id, rows)
    assert committed(lambda: imports.begin(batch_id, worker, rows=len(rows), problems=problems))
    return batch_id, rows
