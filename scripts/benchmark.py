"""Time the queue's first page and every report on a large database.

Usage (from the repository root, after `make bootstrap`):
    .venv/bin/python scripts/benchmark.py [--database-url URL] [--repeat N]

With no URL it builds a SQLite database in /tmp/portal-benchmark; with a
PostgreSQL URL it uses that (empty) database. Either way it migrates, loads
the demo data and `seed-bulk` (100,000 queue items, five years of history)
unless already loaded, then requests each page N times in-process through
Flask's test client (no network: this measures the app and the database) and
prints the median and 95th percentile in milliseconds as a Markdown table.
"""

from __future__ import annotations

import argparse
import html
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import flask_migrate  # noqa: E402
import pyotp  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from portal import create_app  # noqa: E402
from portal.config import from_environment  # noqa: E402
from portal.database import writing  # noqa: E402
from portal.dev import bulk, demo  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import TriageItem, User  # noqa: E402
from portal.services import clock  # noqa: E402
from portal.services.financial_year import FinancialYear  # noqa: E402

PAGES = [
    ("Queue, first page", "/staff/queue"),
    ("Queue, overdue support calls", "/staff/queue?kind=support_call&due=overdue"),
    ("Queue, search by a surname (10,000 matches)", "/staff/queue?q=quimby"),
    ("Queue, search by an email", "/staff/queue?q=person4242@bulk.example"),
    ("Queue, search by a phone number", "/staff/queue?q=07700%20904242"),
    ("Queue, search by a reference", "/staff/queue?q=BULK-0004242"),
    ("Reports, the list", "/staff/reports"),
    ("Annual report (all tables)", "/staff/reports/annual?year={year}"),
    *[
        (f"Annual report table as CSV: {name}", f"/staff/reports/annual/{name}.csv?year={{year}}")
        for name in (
            "adopter-journey",
            "timescales",
            "support-calls",
            "support-call-timing",
            "catch-up-calls",
            "groups-and-courses",
            "peer-connectors",
            "messages",
        )
    ],
    ("Survey results", "/staff/reports/surveys"),
    ("Survey results, before-order CSV", "/staff/reports/surveys/pre-order.csv"),
    ("Survey results, after-order CSV", "/staff/reports/surveys/post-order.csv"),
    ("Survey comments (the first period's)", "{comments}"),
    ("Survey figures published", "/staff/reports/surveys/published"),
    ("Survey manager follow-ups", "/staff/reports/surveys/manager-follow-ups"),
    ("Audit log, first page", "/staff/audit"),
    ("Households, first page", "/staff/households"),
]

TARGET_MS = 100


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--instance", default="/tmp/portal-benchmark", help="the SQLite file's folder")
    arguments = parser.parse_args()
    instance = Path(arguments.instance)
    instance.mkdir(exist_ok=True)
    url = arguments.database_url or f"sqlite:///{instance / 'portal.db'}"
    app = create_app(
        from_environment(
            instance_path=instance,
            SQLALCHEMY_DATABASE_URI=url,
            RATELIMIT_ENABLED=False,
            EXTRA={"WTF_CSRF_ENABLED": False},
        )
    )
    with app.app_context():
        flask_migrate.upgrade()
        with writing():
            demo.seed()
            db.session.commit()
            if db.session.scalar(select(func.count()).select_from(TriageItem)) < 100_000:
                print("seeding 100,000 queue items and five years of history...", file=sys.stderr)
                bulk.seed_bulk(items=100_000, years=5)
                db.session.commit()
        # Fresh bulk rows: give the planner statistics, as PostgreSQL's autovacuum
        # would (on SQLite, as `PRAGMA optimize` would).
        # Committed: the app's SQLite connections begin every transaction themselves
        # (portal/database.py), so an "autocommit" ANALYZE there was rolled back.
        db.session.commit()  # SQLite: let go of the write lock first
        with db.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
        items = db.session.scalar(select(func.count()).select_from(TriageItem))
        admin = db.session.scalar(select(User).where(User.role == "admin"))
        email = admin.email
        db.session.remove()

    client = app.test_client()
    response = client.post("/sign-in", data={"email": email, "password": demo.DEMO_PASSWORD})
    if response.headers.get("Location") == "/sign-in/code":
        code = pyotp.TOTP(demo.DEMO_AUTHENTICATOR_SECRET).now()
        response = client.post("/sign-in/code", data={"code": code})
    if response.status_code != 302 or "/sign-in" in response.headers.get("Location", ""):
        sys.exit("could not sign in as the demo admin")
    year = FinancialYear.containing(clock.today()).previous.label
    surveys_page = client.get("/staff/reports/surveys").get_data(as_text=True)
    comments_link = re.search(r'href="(/staff/reports/surveys/comments[^"]+)"', surveys_page)
    comments = html.unescape(comments_link.group(1))
    print(
        f"Database: {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}, {items:,} queue items, "
        f"{arguments.repeat} requests per page after one warm-up\n"
    )
    slow: list[str] = []
    print("| page | median ms | p95 ms |")
    print("| --- | ---: | ---: |")
    for label, path in PAGES:
        path = path.format(year=year, comments=comments)
        assert client.get(path).status_code == 200, path  # warm-up
        timings = []
        for _ in range(arguments.repeat):
            started = time.perf_counter()
            status = client.get(path).status_code
            timings.append((time.perf_counter() - started) * 1000)
            assert status == 200, (path, status)
        timings.sort()
        p95 = timings[max(0, int(round(0.95 * len(timings))) - 1)]
        median = statistics.median(timings)
        slow.extend([label] if median > TARGET_MS else [])
        print(f"| {label} | {median:.0f} | {p95:.0f} |")
    verdict = f"NOT met by {', '.join(slow)}" if slow else "met"
    print(f"\nTarget: every page's median at most {TARGET_MS} ms: {verdict}")


if __name__ == "__main__":
    main()
