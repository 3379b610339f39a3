"""A new agency goes live in the browser, from an empty database: the public
form says the service is not open yet; the first admin works through the
set-up checklist, adds councils, opens the service, checks the deployment,
imports a households file with mistakes and then the corrected one, and
invites; a family accepts and asks for a support call. Every new page is
checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.models import Role, SupportCallRequest, User
from portal.services import clock, email, imports, passwords, second_factor
from tests.browser.conftest import fresh_pages, serving, sign_in
from tests.browser.journeys import app_session, path_of, submit
from tests.integration.staff.test_agency_settings import VALID as SETTINGS
from tests.support.emails import link_in
from tests.support.import_files import as_csv, committed, household_rows, start_importing, with_mistakes

ADMIN = "first.admin@agency.example"
PASSWORD = "first admin passphrase for the portal"


def first_admin() -> None:
    """What `flask create-admin` leaves, once the admin has chosen a password and set up their app."""
    from portal.extensions import db

    db.session.add(
        User(
            email=ADMIN,
            full_name="Fay First",
            role=Role.ADMIN,
            password_hash=passwords.hash_password(PASSWORD),
            created_at=clock.now(),
            totp_secret_encrypted=second_factor.encrypt_secret("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"),
            totp_confirmed_at=clock.now(),
        )
    )


@pytest.fixture(scope="module")
def empty_site(tmp_path_factory, browser_requirements):
    with serving(tmp_path_factory.mktemp("empty-site"), first_admin) as live:
        yield live


@pytest.fixture
def visit(browser, empty_site):
    """visit(): a page on the empty site, as another person on another device."""
    with fresh_pages(browser, empty_site.url) as make:
        yield make


def send_emails(site) -> None:
    """What `flask send-emails` does: the development outbox writes files."""
    with app_session(site, write=True):
        email.deliver_pending(transport=email.transport_from_config(site.app.config))


def import_in_the_background(site, admin, accessible, rows: int) -> None:
    """Press "Import": the status page waits for the importer (`flask run-imports`),
    then, updating itself, shows how far it has got and then what the import did."""
    submit(admin, f"Import {rows} row{'' if rows == 1 else 's'}")
    progress = admin.locator("#import-progress")
    assert progress.inner_text() == "Waiting to start"
    accessible(admin, "import waiting to start")
    with site.app.app_context():
        batch_id, file_rows = start_importing("browser-test")
        going = committed(lambda: imports.import_chunk(batch_id, "browser-test", file_rows, size=2))
        if going:
            expect(progress).to_have_text(f"Importing: 2 of {rows} rows", timeout=10_000)
            accessible(admin, "import under way")
            committed(lambda: imports.import_chunk(batch_id, "browser-test", file_rows, size=rows))
    expect(admin.locator("h1")).to_have_text(re.compile("^Imported: "), timeout=10_000)


def test_a_new_agency_goes_live_in_the_browser(empty_site, visit, accessible, tmp_path):
    public = visit()
    response = public.goto("/information-pack")
    assert response.status == 503
    assert public.locator("h1").inner_text() == "This service is not open yet"
    accessible(public, "service not open yet")

    admin = visit()
    sign_in(admin, ADMIN, PASSWORD, app=empty_site.app)
    assert path_of(admin) == "/staff/setup"
    accessible(admin, "set-up checklist, nothing done")

    admin.goto("/staff/settings")
    for field, value in SETTINGS.items():
        admin.locator(f"#{field}").fill(value)
    submit(admin, "Save settings")
    assert path_of(admin) == "/staff/setup"

    admin.goto("/staff/councils")
    accessible(admin, "councils, none yet")
    for name in ("Kent", "Medway", "Bexley", "Outside the region"):
        admin.locator("#name").fill(name)
        if name == "Outside the region":
            admin.get_by_label("No, outside the region").check()
        submit(admin, "Add council")
    accessible(admin, "councils")
    with admin.expect_navigation():
        admin.locator("td a", has_text="Bexley").click()
    accessible(admin, "change a council")

    admin.goto("/staff/setup")
    submit(admin, "Send a test email")
    send_emails(empty_site)
    admin.reload()
    assert admin.locator(".govuk-task-list__status", has_text="To do").count() == 0
    submit(admin, "Open the service")
    assert "The service is open" in admin.locator("main").inner_text()
    assert public.goto("/information-pack").status == 200

    admin.goto("/staff/deployment")
    assert "Blocks going live" in admin.locator("main").inner_text()
    accessible(admin, "deployment check")

    staff_file = tmp_path / "staff.csv"
    staff_file.write_bytes(
        as_csv([["name", "email", "role"], ["Sol Worker", "sw@agency.example", "Social worker"]])
    )
    mistakes, corrected = tmp_path / "families-draft.csv", tmp_path / "families.csv"
    mistakes.write_bytes(as_csv(with_mistakes()))
    corrected.write_bytes(as_csv(household_rows()))
    for kind, file in (("Staff", staff_file), ("Households", mistakes), ("Households", corrected)):
        admin.goto("/staff/imports")
        accessible(admin, "imports")
        admin.get_by_label(kind, exact=True).check()
        admin.locator("#file").set_input_files(str(file))
        submit(admin, "Check the file")
        accessible(admin, f"preview of {file.name}")
        if file is mistakes:
            assert "4 problems to fix" in admin.locator("main").inner_text()
            assert admin.get_by_role("button", name="Import 4 rows").count() == 0
        else:
            import_in_the_background(empty_site, admin, accessible, 1 if file is staff_file else 4)
    assert "Di Dunn" in admin.locator("main").inner_text()
    accessible(admin, "imported, ready to invite")
    submit(admin, "Invite 5 people")
    send_emails(empty_site)

    with app_session(empty_site) as session:
        from portal.models import OutboxMessage

        invitation = session.scalar(
            select(OutboxMessage).where(OutboxMessage.to_address == "ann@example.com")
        )
        link = link_in(invitation, base_url=empty_site.url)
    family = visit()
    family.goto(link)
    family.locator("#password").fill("marble kettle orchard")
    family.locator("#confirm").fill("marble kettle orchard")
    submit(family, "Save password")
    # Later, on another device, she signs in.
    family = visit()
    sign_in(family, "ann@example.com", "marble kettle orchard")
    family.goto("/support-call")
    family.locator("#best_times").fill("Weekday mornings")
    family.locator("#phone").fill("07700 900001")
    submit(family, "Ask for a call")
    with app_session(empty_site) as session:
        [call] = session.scalars(select(SupportCallRequest)).all()
        assert call.council.name == "Medway"
