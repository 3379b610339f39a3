"""What a booking promises: a reminder 2 days before only when there are
more than 2 days to go."""

from datetime import timedelta

import pytest

from portal.services import clock
from tests.integration.events.test_events import book_as_visitor
from tests.support.emails import emails_to
from tests.support.factories import EventFactory
from tests.support.pages import get_page

PROMISE = "We will email you a reminder 2 days before it starts."


@pytest.mark.parametrize(
    ("starts_in", "promised"), [(timedelta(minutes=3), False), (timedelta(days=5), True)]
)
def test_a_reminder_is_promised_only_when_there_is_time_for_it(client, starts_in, promised):
    event = EventFactory(starts_at=clock.now() + starts_in)
    response = book_as_visitor(client, event)
    page = get_page(client, response.headers["Location"])
    [email] = emails_to("robin@example.com")
    assert (PROMISE in page.text, PROMISE in email.body) == (promised, promised)
