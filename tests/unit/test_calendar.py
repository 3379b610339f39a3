from datetime import UTC, datetime, timedelta, timezone

import icalendar
import pytest

from portal.services.calendar import (
    CANCEL,
    CalendarEntry,
    Parties,
    build_ics,
    escape_text,
    fold,
    next_sequence,
)

STAMP = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PARTIES = Parties("Adoption Partnership South East", "adopt@portal.test", "robin@example.com")


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
    ics = build_ics([entry(1), entry(2), entry(3)], stamp=STAMP, parties=PARTIES)
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
        parties=PARTIES,
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
        build_ics([entry(ends_at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC))], stamp=STAMP, parties=PARTIES)
    with pytest.raises(ValueError):
        build_ics([entry(starts_at=datetime(2026, 12, 1, 9, 0))], stamp=STAMP, parties=PARTIES)


def test_a_calendar_client_reads_the_organizer_attendee_sequence_status_and_method():
    ics = build_ics([entry(1, sequence=2)], stamp=STAMP, parties=PARTIES)
    parsed = icalendar.Calendar.from_ical(ics)
    [event] = parsed.walk("VEVENT")
    assert str(parsed["METHOD"]) == "REQUEST"
    assert (str(event["UID"]), int(event["SEQUENCE"]), str(event["STATUS"])) == (
        "booking-7-session-1@portal.test",
        2,
        "CONFIRMED",
    )
    assert str(event["ORGANIZER"]) == "mailto:adopt@portal.test"
    assert event["ORGANIZER"].params["CN"] == "Adoption Partnership South East"
    assert str(event["ATTENDEE"]) == "mailto:robin@example.com"


def test_a_cancellation_keeps_the_uid_and_says_cancelled():
    ics = build_ics([entry(1, sequence=1)], stamp=STAMP, parties=PARTIES, method=CANCEL)
    parsed = icalendar.Calendar.from_ical(ics)
    [event] = parsed.walk("VEVENT")
    assert (str(parsed["METHOD"]), str(event["STATUS"]), int(event["SEQUENCE"])) == ("CANCEL", "CANCELLED", 1)
    assert str(event["UID"]) == "booking-7-session-1@portal.test"


def test_an_organizer_name_with_quotes_still_parses():
    parties = Parties('The "Best" Agency', "adopt@portal.test", "robin@example.com")
    [event] = icalendar.Calendar.from_ical(build_ics([entry()], stamp=STAMP, parties=parties)).walk("VEVENT")
    assert event["ORGANIZER"].params["CN"] == "The Best Agency"


def test_the_first_file_is_sequence_zero_and_each_change_one_more():
    assert [next_sequence(None), next_sequence(0), next_sequence(4)] == [0, 1, 5]
