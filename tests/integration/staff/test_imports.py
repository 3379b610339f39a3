"""An admin brings in the agency's existing households from a spreadsheet:
downloads the template, uploads a file with mistakes and sees each one by row
and column, uploads the corrected file, checks what will be created, imports
it once; importing it again changes nothing, and the annual report counts
what the file says."""

from __future__ import annotations

import io
import json
import zipfile

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    CatchUpPreference,
    Household,
    ImportedPerson,
    Role,
    Stage,
    StageChange,
    User,
)
from portal.services import reporting
from portal.services.financial_year import FinancialYear
from portal.services.imports.household_rows import COLUMNS
from tests.support.factories import UserFactory
from tests.support.import_files import (
    as_csv,
    as_xlsx,
    counted_in,
    household_rows,
    import_file,
    preview_of,
    upload,
    with_mistakes,
)
from tests.support.pages import get_page, parse
from tests.support.signing_in import sign_in


def snapshot() -> dict:
    return {
        "households": db.session.execute(
            select(Household.reference, Household.name, Household.council_id, Household.placing_council_id)
        ).all(),
        "users": db.session.execute(select(User.email, User.full_name, User.phone, User.role)).all(),
        "stages": db.session.execute(
            select(StageChange.household_id, StageChange.stage, StageChange.started_on)
        ).all(),
        "catch_up": db.session.execute(
            select(CatchUpPreference.household_id, CatchUpPreference.frequency_years)
        ).all(),
    }


def test_the_templates_download_with_every_column(client, importing_admin):
    response = client.get("/staff/imports/templates/households.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.get_data(as_text=True).splitlines()[0] == ",".join(COLUMNS)
    for kind in ("households", "staff", "connectors"):
        xlsx = client.get(f"/staff/imports/templates/{kind}.xlsx")
        assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


def test_a_file_with_mistakes_lists_each_by_row_and_column_and_imports_nothing(client, importing_admin):
    preview = preview_of(client, upload(client, as_csv(with_mistakes())))
    assert preview["problems"] == [
        ("2", "council", "council there is no council called 'Kentt': add it under Councils first"),
        (
            "3",
            "stage_one_date",
            "stage_one_date '31/02/2024' is not a date: write it like 2024-03-27 or 27/03/2024",
        ),
        ("4", "adult_1_name", "adult_1_name is empty: it is needed"),
        ("5", "adult_2_email", "adult_2_email ann@example.com is also on row 2"),
    ]
    assert not [b for b in preview["buttons"] if b.startswith("Import")]
    # Forcing the import anyway writes nothing.
    import_file(client, preview["url"])
    assert db.session.scalar(select(func.count()).select_from(Household)) == 0


def test_the_corrected_file_is_previewed_then_imported_once_with_its_real_dates(client, importing_admin):
    preview = preview_of(client, upload(client, as_csv(household_rows())))
    assert preview["problems"] == []
    assert preview["summary"]["Will be created"] == "4"
    assert db.session.scalar(select(func.count()).select_from(Household)) == 0, "the preview wrote nothing"

    assert import_file(client, preview["url"]).status_code == 302
    imported = get_page(client, preview["url"])
    assert imported.h1.get_text(strip=True) == "Imported: families.csv"
    able = db.session.scalar(select(Household).where(Household.reference == "HH-1"))
    assert (able.council.name, able.placing_council.name, able.social_worker.email) == (
        "Kent",
        "Medway",
        "sw@agency.example",
    )
    assert {u.email: u.role for u in able.adults} == {
        "ann@example.com": Role.FAMILY,
        "bo@example.com": Role.FAMILY,
    }
    history = {
        c.stage: c.started_on.isoformat()
        for c in db.session.scalars(select(StageChange).where(StageChange.household_id == able.id))
    }
    assert history[Stage.ADOPTION_ORDER] == "2024-11-01" and history[Stage.STAGE_ONE] == "2023-05-02"
    assert (
        db.session.scalar(
            select(CatchUpPreference.frequency_years).where(CatchUpPreference.household_id == able.id)
        )
        == 1
    )
    assert db.session.scalar(select(User.role).where(User.email == "cy@example.com")) == Role.APPLICANT
    # Di Dunn has no email: no account, but a name and number for staff to phone.
    dunn = db.session.scalar(select(ImportedPerson).where(ImportedPerson.full_name == "Di Dunn"))
    assert (dunn.user_id, dunn.phone) == (None, "07700 900004")
    [audit] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "import.completed"))
    assert audit.summary == "Households import: 4 rows; 4 created, 0 updated, 0 unchanged"


def test_importing_the_same_file_again_changes_nothing(client, importing_admin):
    import_file(client, preview_of(client, upload(client, as_csv(household_rows())))["url"])
    before = snapshot()
    again = preview_of(client, upload(client, as_xlsx(household_rows()), name="families.xlsx"))
    assert again["summary"]["Already the same, unchanged"] == "4"
    assert again["summary"]["Will be created"] == again["summary"]["Will be updated"] == "0"
    import_file(client, again["url"])
    assert snapshot() == before


def test_a_changed_row_is_updated_not_added_again(client, importing_admin):
    import_file(client, preview_of(client, upload(client, as_csv(household_rows())))["url"])
    rows = household_rows()
    rows[2][COLUMNS.index("stage")] = "Approved as adopters"
    rows[2][COLUMNS.index("approved_date")] = "2025-01-13"
    preview = preview_of(client, upload(client, as_csv(rows)))
    assert (preview["summary"]["Will be updated"], preview["summary"]["Already the same, unchanged"]) == (
        "1",
        "3",
    )
    import_file(client, preview["url"])
    assert db.session.scalar(select(func.count()).select_from(Household)) == 4
    cole = db.session.scalar(select(Household).where(Household.reference == "HH-2"))
    assert Stage.APPROVED in set(
        db.session.scalars(select(StageChange.stage).where(StageChange.household_id == cole.id))
    )


def test_the_annual_report_counts_what_the_file_says(client, importing_admin):
    import_file(client, preview_of(client, upload(client, as_csv(household_rows())))["url"])
    table = reporting.table("adopter-journey", FinancialYear(2024))
    figures = {row[0]: row[2] for row in table.rows}
    assert figures["Enquiries in year"] == counted_in(2024, "enquiry_date") == 2
    assert figures["Stage 1 starts in year"] == counted_in(2024, "stage_one_date") == 2
    assert figures["Stage 2 starts in year"] == counted_in(2024, "stage_two_date") == 1
    assert figures["Adoptive families matched in year"] == counted_in(2024, "matched_date") == 1
    assert figures["Adoptive families with placements in year"] == counted_in(2024, "placed_date") == 2
    previous = {row[0]: row[1] for row in table.rows}
    assert previous["Stage 2 starts in year"] == counted_in(2023, "stage_two_date") == 1


def test_an_email_already_used_by_someone_else_is_a_problem(client, importing_admin):
    UserFactory(role=Role.APPLICANT, email="cy@example.com")
    preview = preview_of(client, upload(client, as_csv(household_rows())))
    assert (
        "3",
        "adult_1_email",
        "adult_1_email cy@example.com is already used by someone else in the portal",
    ) in preview["problems"]


def test_a_file_that_is_not_a_spreadsheet_or_lacks_columns_is_refused_clearly(client, importing_admin):
    response = upload(client, b"hello", name="notes.txt")
    assert response.status_code == 400
    assert "Choose a CSV or XLSX file" in parse(response).get_text()
    missing = upload(client, b"reference,council\nHH-1,Kent\n")
    assert missing.status_code == 400
    assert "missing: household_name" in parse(missing).get_text()
    broken = upload(client, b"not a zip", name="families.xlsx")
    assert broken.status_code == 400
    assert "could not be opened as an Excel workbook" in parse(broken).get_text()


def test_staff_and_peer_connectors_are_imported_too(client, importing_admin):
    staff = as_csv(
        [
            ["name", "email", "role"],
            ["Gus Grey", "gus@agency.example", "Advisor"],
            ["Hal Hay", "hal@agency.example", "manager"],
        ]
    )
    preview = preview_of(client, upload(client, staff, kind="staff"))
    assert preview["summary"]["Will be created"] == "2"
    import_file(client, preview["url"])
    assert db.session.scalar(select(User.role).where(User.email == "hal@agency.example")) == Role.MANAGER
    connectors = as_csv(
        [
            ["name", "email", "phone", "capacity", "councils"],
            ["Ivy Ink", "ivy@example.com", "07700 900009", "3", "Kent; Medway"],
        ]
    )
    preview = preview_of(client, upload(client, connectors, kind="connectors"))
    import_file(client, preview["url"])
    ivy = db.session.scalar(select(User).where(User.email == "ivy@example.com"))
    assert ivy.role == Role.CONNECTOR
    again = preview_of(client, upload(client, connectors, kind="connectors"))
    assert again["summary"]["Already the same, unchanged"] == "1"


def test_only_admins_import(client, sign_in_as):
    sign_in_as(Role.MANAGER)
    assert client.get("/staff/imports").status_code == 403


def test_a_spreadsheet_over_a_megabyte_is_taken_on_the_import_page_only(client, importing_admin):
    header, template = household_rows()[0], household_rows()[3]  # Di Dunn: one adult, no email
    rows = [header]
    for n in range(9000):
        row = list(template)
        row[COLUMNS.index("reference")] = f"HH-{n}"
        row[COLUMNS.index("household_name")] = f"Household {n} " + "x" * 100
        rows.append(row)
    big = as_csv(rows)
    assert len(big) > 1024 * 1024
    preview = preview_of(client, upload(client, big))
    assert preview["summary"]["Will be created"] == "9000"
    assert client.post("/staff/councils", data={"name": "x" * (1024 * 1024 + 1)}).status_code == 413


def test_a_file_imported_twice_and_an_unknown_import(client, importing_admin):
    url = preview_of(client, upload(client, as_csv(household_rows())))["url"]
    import_file(client, url)
    import_file(client, url)
    assert "This file has already been imported" in get_page(client, url).get_text()
    assert db.session.scalar(select(func.count()).select_from(Household)) == 4
    assert client.get("/staff/imports/999").status_code == 404
    assert client.post("/staff/imports/999/import").status_code == 404


def test_erasing_an_imported_household_erases_what_its_imports_kept(client, importing_admin):
    import_file(client, preview_of(client, upload(client, as_csv(household_rows())))["url"])
    dunn = db.session.scalar(select(Household).where(Household.reference == "HH-3"))
    manager = client.application.test_client()
    sign_in(manager, UserFactory(role=Role.MANAGER))
    assert manager.post(f"/staff/households/{dunn.id}/erase").status_code == 302
    kept = db.session.execute(
        select(ImportedPerson.full_name, ImportedPerson.phone).where(ImportedPerson.household_id == dunn.id)
    ).all()
    assert kept == [("Erased person", None)]


def test_an_invisible_character_or_a_workbook_that_unpacks_huge_is_refused(client, importing_admin):
    rows = household_rows()
    rows[1][COLUMNS.index("adult_1_name")] = "Ann\x00Able"
    preview = preview_of(client, upload(client, as_csv(rows)))
    assert preview["problems"] == [
        ("2", "adult_1_name", "adult_1_name has an invisible or unusual character in it: retype it")
    ]
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (101 * 1024 * 1024))
    response = upload(client, bomb.getvalue(), name="families.xlsx")
    assert response.status_code == 400
    assert "unpacks to more than" in parse(response).get_text()


def test_a_subject_access_export_includes_what_its_imports_kept(client, importing_admin):
    import_file(client, preview_of(client, upload(client, as_csv(household_rows())))["url"])
    dunn = db.session.scalar(select(Household).where(Household.reference == "HH-3"))
    manager = client.application.test_client()
    sign_in(manager, UserFactory(role=Role.MANAGER))
    archive = zipfile.ZipFile(io.BytesIO(manager.post(f"/staff/households/{dunn.id}/subject-access").data))
    [kept] = json.loads(archive.read("imported_from_spreadsheets.json"))
    assert (kept["full_name"], kept["phone"], kept["row_number"]) == ("Di Dunn", "07700 900004", 4)


def test_a_new_email_for_a_household_with_two_accounts_is_a_problem_not_a_third_adult(
    client, importing_admin
):
    import_file(client, preview_of(client, upload(client, as_csv(household_rows())))["url"])
    rows = household_rows()
    rows[1][COLUMNS.index("adult_2_email")] = "bob@example.com"
    preview = preview_of(client, upload(client, as_csv(rows)))
    assert preview["problems"] == [
        (
            "2",
            "adult_2_email",
            "adult_2_email HH-1 already has two adults with accounts: an email that differs from theirs "
            "would add a third (change it on the household's page instead)",
        )
    ]
