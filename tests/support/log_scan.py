"""Every log record the test run produces, checked for personal data.

A handler on the root logger keeps each record's message and any traceback.
After each test, what it logged is scanned for email addresses, UK phone
numbers, UK postcodes and the free-text notes the tests type in; at the end of
the session, everything logged (also by session fixtures) is scanned again.
Each pytest-xdist worker is a process of its own and scans its own records.
"""

from __future__ import annotations

import logging
import re

PATTERNS = {
    "an email address": re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"),
    "a UK phone number": re.compile(r"(?<![\d.:-])(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?![\d.:-])"),
    "a UK postcode": re.compile(r"\b(?:GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b"),
}
# Free text people type in the tests (support-call notes, survey answers, updates).
KNOWN_NOTES = (
    "struggling",
    "worried about his health",
    "sleep has got worse",
    "Panel is booked",
    "Weekday mornings",
    # Messages households, connectors and staff write (tests/integration/messages,
    # tests/browser/test_closing_the_loop.py), and what a connector told staff.
    "refusing school",
    "stopped sleeping",
    "call you tomorrow about school",
    "panel date is booked for March",
    "summer contact plan",
    "ring you on Thursday morning",
    "question before Christmas",
    "something worrying at contact",
    # Names typed into the queue's search (tests/integration/staff/test_who_and_how.py).
    "Quimby",
)


def findings(text: str) -> list[str]:
    """What personal data ``text`` seems to hold, as 'kind: match' strings."""
    found = [
        f"{kind}: {match.group(0)!r}"
        for kind, pattern in PATTERNS.items()
        for match in pattern.finditer(text)
    ]
    found += [f"a free-text note: {note!r}" for note in KNOWN_NOTES if note.lower() in text.lower()]
    return found


class LogRecorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.NOTSET)
        self.records: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.records.append(self.format(record))
        except Exception:  # a record that cannot be formatted is kept as its template
            self.records.append(f"{record.name} {record.levelname} {record.msg}")

    def attach(self) -> None:
        """Install on the root logger, again if a logging config (Alembic's) removed it."""
        root = logging.getLogger()
        if self not in root.handlers:
            root.addHandler(self)


def report(records: list[str]) -> str | None:
    problems = [
        f"{finding} in log record {record[:300]!r}" for record in records for finding in findings(record)
    ]
    if not problems:
        return None
    return "personal data in the logs:\n" + "\n".join(problems)
