"""An import runs outside the admin's request (the importer, `flask run-imports`),
a chunk of rows a transaction: the status page shows it waiting, how far it has
got and then what it did; one worker holds it; a stopped import carries on
where it stopped, with the same result as one done in one go."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta

import time_machine
from sqlalchemy import func, select

from portal import import_commands
from portal.extensions import db
from portal.models import (
    AuditEvent,
    Household,
    ImportBatch,
    ImportedPerson,
    ImportKind,
    ImportStatus,
    Role,
    User,
)
from portal.services import clock, imports
from portal.services.imports import households
from tests.support.factories import UserFactory
from tests.support.import_files import (
    as_csv,
    committed,
    household_rows,
    import_file,
    preview_of,
    run_importer,
    start_importing,
    upload,
)
from tests.support.pages import get_page

WORKER, OTHER_WORKER = "host-a:1:test", "host-b:2:test"


def checked_file(client) -> str:
    preview = preview_of(client, upload(client, as_csv(household_rows())))
    assert "Import 4 rows" in preview["buttons"]
    return preview["url"]


def status_text(client, url: str) -> str:
    return get_page(client, url).select_one("main").get_text(" ", strip=True)


def test_the_status_page_shows_the_import_waiting_then_how_far_it_has_got_then_what_it_did(
    client, importing_admin
):
    url = checked_file(client)
    response = client.post(url + "/import")
    assert response.headers["Location"] == url
    page = get_page(client, url)
    assert page.h1.get_text(strip=True) == "Importing: families.csv"
    assert "Waiting to start" in page.select_one("#import-progress").get_text()
    assert db.session.scalar(select(func.count()).select_from(Household)) == 0
    client.post(url + "/import")  # pressed again while it waits: still one import
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "import.queued")
        )
        == 1
    )

    batch_id, rows = start_importing(WORKER)
    assert committed(lambda: imports.import_chunk(batch_id, WORKER, rows, size=3))
    assert "Importing: 3 of 4 rows" in status_text(client, url)
    assert client.get(url + "/progress").get_json() == {
        "status": "importing",
        "text": "Importing: 3 of 4 rows",
        "rows_done": 3,
        "row_count": 4,
        "under_way": True,
    }
    assert db.session.scalar(select(func.count()).select_from(Household)) == 3

    assert not committed(lambda: imports.import_chunk(batch_id, WORKER, rows, size=3))
    page = get_page(client, url)
    assert page.h1.get_text(strip=True) == "Imported: families.csv"
    summary = {row.dt.get_text(strip=True): row.dd.get_text(strip=True) for row in page.select("dl div")}
    assert (summary["Rows"], summary["Created"], summary["Updated"]) == ("4", "4", "0")
    assert [b.get_text(strip=True) for b in page.select("main form button")] == ["Invite 5 people"]
    assert client.get(url + "/progress").get_json()["under_way"] is False


def test_an_import_is_claimed_by_one_of_two_workers_at_once(client, importing_admin, app):
    client.post(checked_file(client) + "/import")
    db.session.commit()
    ready = threading.Barrier(2)
    claimed: dict[str, int | None] = {}

    def worker(name: str) -> None:
        with app.app_context():
            ready.wait()
            claimed[name] = committed(lambda: imports.claim(name))
            db.session.remove()

    threads = [threading.Thread(target=worker, args=(name,)) for name in (WORKER, OTHER_WORKER)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(claimed.values(), key=str) == [1, None]


def test_a_stopped_importer_is_taken_over_and_the_result_is_the_same_as_in_one_go(client, importing_admin):
    url = checked_file(client)
    client.post(url + "/import")
    batch_id, rows = start_importing(WORKER)
    committed(lambda: imports.import_chunk(batch_id, WORKER, rows, size=2))
    # The first worker's host goes down here. While its claim is fresh nobody else takes the file ...
    assert committed(lambda: imports.claim(OTHER_WORKER)) is None
    assert "Importing: 2 of 4 rows" in status_text(client, url)
    # ... and once it has been silent for minutes, the page says so and another worker carries on.
    with time_machine.travel(clock.now() + timedelta(minutes=3), tick=False):
        assert "the importer (flask run-imports) may not be running" in status_text(client, url)
        run_importer(client.application, "--chunk-rows", "1")
        # The first worker, back, finds the file is no longer its own and writes nothing.
        assert not committed(lambda: imports.import_chunk(batch_id, WORKER, rows, size=2))
        assert get_page(client, url).h1.get_text(strip=True) == "Imported: families.csv"
    [audit] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "import.completed"))
    assert audit.summary == "Households import: 4 rows; 4 created, 0 updated, 0 unchanged"
    assert db.session.scalar(select(func.count()).select_from(Household)) == 4
    # Each adult named once, as importing in one go would: none twice from the chunk done before.
    assert db.session.scalar(select(func.count()).select_from(ImportedPerson)) == 6
    assert (
        db.session.scalar(select(func.count()).select_from(User).where(User.household_id.is_not(None))) == 5
    )


def test_a_record_changed_since_the_check_stops_the_import_before_it_writes_and_says_so(
    client, importing_admin
):
    url = checked_file(client)
    UserFactory(role=Role.ADVISOR, email="cy@example.com")  # someone else now has Cy's email
    import_file(client, url)
    page = get_page(client, url)
    assert page.h1.get_text(strip=True) == "Stopped: families.csv"
    text = page.select_one("main").get_text(" ", strip=True)
    assert (
        "Nothing was imported. Since the file was checked, the portal's records changed, so 1 row "
        "now has a problem (listed below)" in text
    )
    assert "cy@example.com is already used by someone else in the portal" in text
    assert not page.select("main form button")
    assert db.session.scalar(select(func.count()).select_from(Household)) == 0


def test_a_record_changed_between_two_chunks_stops_the_import_there(client, importing_admin):
    url = checked_file(client)
    client.post(url + "/import")
    batch_id, rows = start_importing(WORKER)
    committed(lambda: imports.import_chunk(batch_id, WORKER, rows, size=2))
    UserFactory(role=Role.ADVISOR, email="ed@example.com")  # row 5's email, taken meanwhile
    assert not committed(lambda: imports.import_chunk(batch_id, WORKER, rows, size=2))
    text = status_text(client, url)
    assert "Stopped: 2 of 4 rows imported" in text
    assert (
        "The first 2 rows of 4 were imported. Row 5 has a problem it did not have when the file "
        "was checked" in text
    )
    assert {h.reference for h in db.session.scalars(select(Household))} == {"HH-1", "HH-2"}


def test_a_fault_stops_the_import_saying_what_to_do_and_it_carries_on_when_asked(
    client, importing_admin, monkeypatch
):
    url = checked_file(client)
    calls = []

    def fails_the_second_time(known) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        households.finish(known)

    spec = imports.KINDS[ImportKind.HOUSEHOLDS]
    monkeypatch.setitem(imports.KINDS, ImportKind.HOUSEHOLDS, replace(spec, finish=fails_the_second_time))
    import_file(client, url, "--chunk-rows", "2")
    page = get_page(client, url)
    text = page.select_one("main").get_text(" ", strip=True)
    assert page.h1.get_text(strip=True) == "Stopped: families.csv"
    assert (
        "The first 2 rows of 4 were imported. The import stopped because of a fault in the portal, "
        "not in your file" in text
    )
    assert [b.get_text(strip=True) for b in page.select("main form button")] == ["Carry on importing"]

    import_file(client, url, "--chunk-rows", "2")
    assert get_page(client, url).h1.get_text(strip=True) == "Imported: families.csv"
    assert db.session.scalar(select(func.count()).select_from(Household)) == 4
    assert db.session.scalar(select(ImportBatch.status)) == ImportStatus.IMPORTED


def test_an_importer_asked_to_stop_hands_the_import_back_for_the_next_to_carry_on_at_once(
    client, importing_admin
):
    url = checked_file(client)
    client.post(url + "/import")
    batch_id, rows = start_importing(WORKER)
    committed(lambda: imports.import_chunk(batch_id, WORKER, rows, size=2))
    committed(lambda: imports.release(batch_id, WORKER))  # SIGTERM: the chunk in hand is done
    assert "Waiting to carry on: 2 of 4 rows imported" in status_text(client, url)
    assert committed(lambda: imports.claim(OTHER_WORKER)) == batch_id  # no 2 minutes to wait
    assert not committed(lambda: imports.import_chunk(batch_id, WORKER, rows, size=2))
    committed(lambda: imports.release(batch_id, OTHER_WORKER))
    run_importer(client.application)
    assert get_page(client, url).h1.get_text(strip=True) == "Imported: families.csv"
    [audit] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "import.completed"))
    assert audit.summary == "Households import: 4 rows; 4 created, 0 updated, 0 unchanged"


def test_the_importer_stopped_by_sigterm_finishes_its_chunk_and_hands_the_import_back(
    client, importing_admin, monkeypatch
):
    url = checked_file(client)
    client.post(url + "/import")
    stopping: list[bool] = []
    import_chunk = imports.import_chunk

    def sigterm_during_the_first_chunk(*arguments, **options):
        stopping.append(True)
        return import_chunk(*arguments, **options)

    monkeypatch.setattr(imports, "import_chunk", sigterm_during_the_first_chunk)
    db.session.commit()
    with client.application.app_context():
        assert import_commands.import_next(WORKER, 2, stopping)
    db.session.expire_all()
    assert "Waiting to carry on: 2 of 4 rows imported" in status_text(client, url)
