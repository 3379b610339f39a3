from datetime import UTC, datetime, timedelta, timezone

import pytest

from portal.services.calendar import CalendarEntry, build_ics, escape_text, fold

STAMP = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def entry(number: int = 1, **changes) -> CalendarEntry:
    values = {
        "uid": f"booking-7-session-{number}@portal.test",
        "starts_at": datetime(2026, 12, number, 10, 0, tzinfo=UTC),
        "ends_at": datetime(2026, 12, number, 13, 0, tzinfo=UTC),
        "summary": "Stage 1 preparation course",
        "location": "Civic Centre, Maidstone",
    }
    return CalendarEntry(**{**values, **changes})


def test_a_calendar_has_one_event_per_session_with_crlf_line_endings():
    ics = build_ics([entry(1), entry(2), entry(3)], stamp=STAMP)
    assert ics.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert ics.endswith("END:VCALENDAR\r\n")
    assert ics.count("BEGIN:VEVENT") == ics.count("END:VEVENT") == 3
    assert "\n" not in ics.replace("\r\n", "")
    lines = ics.split("\r\n")
    assert "UID:booking-7-session-2@portal.test" in lines
    assert "DTSTART:20261202T100000Z" in lines
    assert "DTEND:20261202T130000Z" in lines
    assert "DTSTAMP:20261123T090000Z" in lines
    assert "SUMMARY:Stage 1 preparation course" in lines
    assert "LOCATION:Civic Centre\\, Maidstone" in lines


def test_times_are_written_in_utc_whatever_zone_they_come_in():
    summer = timezone(timedelta(hours=1))
    ics = build_ics(
        [
            entry(
                starts_at=datetime(2026, 7, 1, 18, 30, tzinfo=summer),
                ends_at=datetime(2026, 7, 1, 20, 0, tzinfo=summer),
            )
        ],
        stamp=STAMP,
    )
    assert "DTSTART:20260701T173000Z" in ics and "DTEND:20260701T190000Z" in ics


def test_text_is_escaped():
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


def test_long_lines_are_folded_at_75_octets_without_splitting_characters():
    line = "DESCRIPTION:" + "é" * 100
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join(piece.removeprefix(" ") if i else piece for i, piece in enumerate(pieces)) == line


def test_a_session_must_end_after_it_starts_and_times_must_be_aware():
    with pytest.raises(ValueError):
        build_ics([entry(ends_at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC))], stamp=STAMP)
    with pytest.raises(ValueError):
        build_ics([entry(starts_at=datetime(2026, 12, 1, 9, 0))], stamp=STAMP)
