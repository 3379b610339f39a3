from datetime import timedelta

from portal.services.email import EMAILS, backoff


def test_retries_wait_longer_each_time_up_to_six_hours():
    assert [backoff(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert backoff(20) == timedelta(hours=6)


def test_no_email_subject_has_a_placeholder_for_personal_data():
    for template in EMAILS.values():
        assert "{" not in template.subject
