"""What staff should know before saving an event's sessions: a date already
past, a bank holiday (England and Wales), or a time at night. Warnings, not
refusals: a session may be meant that way."""

from __future__ import annotations

from datetime import datetime, time

from portal.services import clock, working_days

# Outside these hours (London time) a session is "at night".
DAYTIME = (time(7, 0), time(22, 0))


def session_warnings(sessions: list[tuple[datetime, datetime]]) -> list[str]:
    found = []
    now = clock.now()
    for number, (starts, ends) in enumerate(sessions, start=1):
        local_start, local_end = clock.to_london(starts), clock.to_london(ends)
        day = local_start.date()
        if starts <= now:
            found.append(f"Session {number} is in the past.")
        if working_days.is_bank_holiday(day):
            found.append(f"Session {number} is on a bank holiday ({day.strftime('%-d %B %Y')}).")
        if local_start.time() < DAYTIME[0] or local_end.time() > DAYTIME[1] or local_end.date() != day:
            found.append(f"Session {number} is at night, outside 07:00 to 22:00.")
    return found


def sessions_fingerprint(sessions: list[tuple[datetime, datetime]]) -> str:
    """The sessions as text, so a form can say which ones staff were warned about."""
    return ";".join(f"{starts.isoformat()}/{ends.isoformat()}" for starts, ends in sessions)
