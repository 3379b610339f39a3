"""Time importing a spreadsheet of 10,000 households, through the same pages
an admin uses (in-process, Flask's test client): the upload, the preview,
"Import", which the importer (`flask run-imports --loop`, started first in a
process of its own, as in production) imports while the status page is
polled as the admin's browser does; then the same file again.

Usage (from the repository root, after `make bootstrap`):
    .venv/bin/python scripts/benchmark_import.py [--rows N] [--xlsx] [--database-url URL]

With no URL it builds a new SQLite database in a temporary folder; a
PostgreSQL URL must name an empty database.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import flask_migrate  # noqa: E402
import pyotp  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from portal import create_app  # noqa: E402
from portal.config import from_environment  # noqa: E402
from portal.database import writing  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import Role, User  # noqa: E402
from portal.services import clock, councils, passwords, second_factor  # noqa: E402
from portal.services.imports.household_rows import COLUMNS  # noqa: E402
from portal.services.spreadsheet import csv_text  # noqa: E402

PASSWORD = "benchmark passphrase for the portal"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
COUNCILS = ("Bexley", "Kent", "Medway")
HISTORY = (
    ("enquiry_date", "2022-04-04"),
    ("stage_one_date", "2022-05-03"),
    ("stage_two_date", "2022-08-01"),
    ("approved_date", "2022-12-05"),
    ("matched_date", "2023-03-06"),
    ("placed_date", "2023-05-01"),
    ("adoption_order_date", "2024-01-15"),
)
STAGES = (
    "Enquiry",
    "Stage 1",
    "Stage 2",
    "Approved as adopters",
    "Matched",
    "Child placed",
    "Adoption order granted",
)


def household_rows(count: int) -> list[list[str]]:
    rows = [list(COLUMNS)]
    for n in range(count):
        depth = n % len(HISTORY) + 1
        values = dict.fromkeys(COLUMNS, "")
        values.update(dict(HISTORY[:depth]))
        values.update(
            reference=f"HH-{n:05d}",
            adult_1_name=f"Adult One{n}",
            adult_1_email=f"one{n}@example.com",
            adult_1_phone="07700 900000",
            adult_2_name=f"Adult Two{n}" if n % 2 else "",
            adult_2_email=f"two{n}@example.com" if n % 2 else "",
            council=COUNCILS[n % 3],
            placing_council=COUNCILS[(n + 1) % 3] if depth >= 6 else "",
            stage=STAGES[depth - 1],
            catch_up="every 2 years" if depth == 7 else "",
        )
        rows.append([values[column] for column in COLUMNS])
    return rows


def as_xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def timed(label: str, action):
    started = time.perf_counter()
    result = action()
    print(f"| {label} | {time.perf_counter() - started:.1f} s |")
    return result


def start_importer(url: str) -> subprocess.Popen:
    """The importer as production runs it: its own long-running process."""
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/flask"), "--app", "portal", "run-imports", "--loop"],
        env={**os.environ, "DATABASE_URL": url, "SECRET_KEY": "benchmark"},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


def import_and_watch(client, page: str) -> list[str]:
    """Press "Import" and poll the status as the page's script does, until
    the importer has done it: the progress texts seen, in order."""
    assert client.post(page + "/import").status_code == 302
    seen: list[str] = []
    while True:
        progress = client.get(page + "/progress").get_json()
        if not seen or seen[-1] != progress["text"]:
            seen.append(progress["text"])
        if not progress["under_way"]:
            break
        time.sleep(0.25)
    assert progress["status"] == "imported", progress
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--xlsx", action="store_true")
    parser.add_argument("--database-url", default=None)
    arguments = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="portal-import-benchmark-"))
    url = arguments.database_url or f"sqlite:///{instance / 'portal.db'}"
    app = create_app(
        from_environment(
            instance_path=instance,
            SQLALCHEMY_DATABASE_URI=url,
            SECRET_KEY="benchmark",
            RATELIMIT_ENABLED=False,
            EXTRA={"WTF_CSRF_ENABLED": False},
        )
    )
    with app.app_context():
        flask_migrate.upgrade()
        with writing():
            for name in COUNCILS:
                councils.add(name=name, in_region=True, actor_id=None)
            db.session.add(
                User(
                    email="admin@benchmark.example",
                    full_name="Bench Admin",
                    role=Role.ADMIN,
                    password_hash=passwords.hash_password(PASSWORD),
                    created_at=clock.now(),
                    totp_secret_encrypted=second_factor.encrypt_secret(SECRET),
                    totp_confirmed_at=clock.now(),
                )
            )
            db.session.commit()
    client = app.test_client()
    client.post("/sign-in", data={"email": "admin@benchmark.example", "password": PASSWORD})
    client.post("/sign-in/code", data={"code": pyotp.TOTP(SECRET).now()})
    rows = household_rows(arguments.rows)
    name = "households.xlsx" if arguments.xlsx else "households.csv"
    content = as_xlsx(rows) if arguments.xlsx else csv_text(rows).encode()
    print(f"{arguments.rows:,} households, {name}, {len(content) / 1e6:.1f} MB, {url.split(':')[0]}\n")
    importer = start_importer(url)
    print("| step | time |\n| --- | --- |")
    for attempt in ("first", "again"):

        def upload():
            return client.post(
                "/staff/imports",
                data={"kind": "households", "file": (io.BytesIO(content), name)},
                content_type="multipart/form-data",
            )

        response = timed(f"upload ({attempt})", upload)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        page = response.headers["Location"]
        preview = timed(f"preview ({attempt})", lambda page=page: client.get(page))
        body = preview.get_data(as_text=True)
        assert preview.status_code == 200 and "govuk-error-summary" not in body, body[body.find("<table") :][
            :3000
        ]
        seen = timed(f"import ({attempt})", lambda page=page: import_and_watch(client, page))
        print(f"|   status page while importing | {len(seen)} updates: {seen[0]} … {seen[-1]} |")
    importer.terminate()
    assert importer.wait(timeout=60) == 0
    with app.app_context():
        print(f"\nusers: {db.session.query(User).count():,}")


if __name__ == "__main__":
    main()
