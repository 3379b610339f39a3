"""Every queue item shows who it is about and how to reach them; staff find
items by reference, name, email, phone or postcode; urgent items come first."""

from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Role, TriageItem
from portal.services import clock, support_calls, triage
from portal.web.request_log import redact
from tests.support.factories import CouncilFactory, HouseholdFactory, TriageItemFactory, UserFactory
from tests.support.pages import get_page


def ask_for_a_call(
    client,
    *,
    name="Ottoline Quimby",
    email="ottoline.quimby@example.com",
    phone="07700 900123",
    postcode="me14 1qq",
):
    kent = CouncilFactory(name="Kent")
    response = client.post(
        "/information-pack",
        data={
            "full_name": name,
            "email": email,
            "postcode": postcode,
            "council": str(kent.id),
            "consent": "yes",
            "phone": phone,
            "best_times": "After 6pm",
        },
    )
    assert response.status_code == 302
    return db.session.scalar(select(TriageItem).order_by(TriageItem.id.desc()))


def queue_rows(page) -> list[tuple[str, str]]:
    """Each row's reference and name."""
    return [
        (row.select("td")[1].text.strip(), row.select("td")[2].text.strip())
        for row in page.select("tbody tr")
    ]


def test_an_advisor_finds_a_call_request_by_the_persons_name_and_sees_the_number(
    client, other_client, sign_in_as
):
    item = ask_for_a_call(other_client)
    ask_for_a_call(
        other_client,
        name="Wanda Stranger",
        email="wanda@example.com",
        phone="01632 960111",
        postcode="CT1 2AA",
    )
    sign_in_as(Role.ADVISOR)
    page = get_page(client, "/staff/queue?q=quimby")
    assert queue_rows(page) == [(item.reference, "Ottoline Quimby")]

    page = get_page(client, f"/staff/queue/{item.id}")
    who = {
        row.select_one("dt").text.strip(): row.select_one("dd").text.strip()
        for row in page.select("#who-asked .govuk-summary-list__row")
    }
    assert who == {
        "Name": "Ottoline Quimby",
        "Email": "ottoline.quimby@example.com",
        "Phone": "07700 900123",
        "Best times to call": "After 6pm",
        "Postcode": "ME14 1QQ",
    }


def test_the_search_finds_by_reference_first_name_email_phone_in_any_format_and_postcode(
    client, other_client, sign_in_as
):
    item = ask_for_a_call(other_client)
    other = ask_for_a_call(
        other_client,
        name="Wanda Stranger",
        email="wanda@example.com",
        phone="01632 960111",
        postcode="CT1 2AA",
    )
    sign_in_as(Role.ADVISOR)
    for query in (
        item.reference.lower(),
        "Ottoline",
        "ottoline quimby",
        "OTTOLINE.QUIMBY@example.com",
        "+44 7700 900123",
        "(07700) 900-123",
        "ME14 1QQ",
        "me141",
    ):
        assert queue_rows(get_page(client, f"/staff/queue?q={query.replace('+', '%2B')}")) == [
            (item.reference, "Ottoline Quimby")
        ], query
    assert queue_rows(get_page(client, "/staff/queue?q=Stranger")) == [(other.reference, "Wanda Stranger")]
    assert queue_rows(get_page(client, "/staff/queue?q=nobody-like-this")) == []
    # One letter would match half the queue: it finds nothing rather than everything.
    assert queue_rows(get_page(client, "/staff/queue?q=o")) == []


def test_the_search_combines_with_the_filters_and_their_counts(client, other_client, sign_in_as):
    item = ask_for_a_call(other_client)
    TriageItemFactory(kind="support_call")
    sign_in_as(Role.ADVISOR)
    page = get_page(client, "/staff/queue?q=quimby&kind=support_call")
    assert queue_rows(page) == []
    page = get_page(client, "/staff/queue?q=quimby")
    assert "(1)" in page.select_one("label[for=filter-kind]").text
    assert page.select_one("#q")["value"] == "quimby"
    assert queue_rows(page) == [(item.reference, "Ottoline Quimby")]


def test_a_household_request_shows_every_adult_their_council_and_a_link_to_the_household(client, sign_in_as):
    medway = CouncilFactory(name="Medway")
    household = HouseholdFactory(name="The Quimby household", council=medway)
    parent = UserFactory(
        role=Role.FAMILY,
        household=household,
        full_name="Ottoline Quimby",
        email="o.q@example.com",
        phone="07700 900555",
    )
    UserFactory(role=Role.FAMILY, household=household, full_name="Dee Quimby", email="d.q@example.com")
    call = support_calls.request_call(
        user_id=parent.id, best_times="Mornings", phone="07700 900555", note=None
    )
    db.session.commit()
    sign_in_as(Role.SOCIAL_WORKER)
    page = get_page(client, "/staff/queue?q=dee")
    assert queue_rows(page) == [(call.triage_item.reference, "Ottoline Quimby")]
    page = get_page(client, f"/staff/queue/{call.triage_item_id}")
    text = page.main.get_text(" ", strip=True)
    assert "The Quimby household (household" in text and "Medway" in text
    assert page.select_one(f"a[href='/staff/households/{household.id}']")
    for detail in (
        "Ottoline Quimby",
        "o.q@example.com",
        "07700 900555",
        "Dee Quimby",
        "d.q@example.com",
        "Mornings",
    ):
        assert detail in text


def test_search_terms_are_blanked_in_every_form_a_request_log_can_hold_them():
    assert (
        redact("GET /staff/queue?q=Quimby&page=2 HTTP/1.1") == "GET /staff/queue?q=<search>&page=2 HTTP/1.1"
    )
    assert (
        redact("GET /staff/queue?kind=x&q=07700+900123 HTTP/1.1")
        == "GET /staff/queue?kind=x&q=<search> HTTP/1.1"
    )
    # gunicorn's %(q)s argument is the bare query string.
    assert redact("q=me14+1qq&kind=x") == "q=<search>&kind=x"
    # The sign-in page's return address, for someone whose session had ended.
    assert "Quimby" not in redact("GET /sign-in?next=/staff/queue%3Fq%3DQuimby HTTP/1.1")


def test_an_urgent_item_tops_the_queue_above_overdue_items_and_stands_out(client, sign_in_as):
    today = clock.today()
    for n in range(4):
        TriageItemFactory(reference=f"OVERDUE-{n}", due_on=today - timedelta(days=10 + n))
    TriageItemFactory(reference="URGENT", due_on=today + timedelta(days=1), urgent=True)
    TriageItemFactory(
        reference="URGENT-BUT-DONE", due_on=today - timedelta(days=30), urgent=True, status="done"
    )
    sign_in_as(Role.ADVISOR)
    for url in (
        "/staff/queue",
        "/staff/queue?due=this_week&due=overdue",
        "/staff/queue?status=new&status=done",
    ):
        rows = get_page(client, url).select("tbody tr")
        assert rows[0].select("td")[1].text.strip() == "URGENT", url
        assert "Urgent" in rows[0].text
    everything = get_page(client, "/staff/queue?status=new&status=done").select("tbody tr")
    # Done, it is no longer urgent: it sorts by its date again.
    assert everything[1].select("td")[1].text.strip() == "URGENT-BUT-DONE"
    assert "Urgent" not in everything[1].text


def test_staff_flag_an_item_urgent_with_a_reason_kept_out_of_the_audit(client, sign_in_as):
    today = clock.today()
    TriageItemFactory(reference="OVERDUE", due_on=today - timedelta(days=3))
    item = TriageItemFactory(reference="LATER", due_on=today + timedelta(days=9))
    db.session.commit()
    sign_in_as(Role.SOCIAL_WORKER)
    response = client.post(f"/staff/queue/{item.id}/urgent", data={"urgent-reason": ""})
    assert response.status_code == 400
    assert "Say why it is urgent" in response.get_data(as_text=True)
    response = client.post(f"/staff/queue/{item.id}/urgent", data={"urgent-reason": "Child at risk tonight"})
    assert response.status_code == 302
    page = get_page(client, f"/staff/queue/{item.id}")
    assert "Urgent: Child at risk tonight" in page.select_one(".govuk-warning-text").text
    rows = get_page(client, "/staff/queue").select("tbody tr")
    assert [row.select("td")[1].text.strip() for row in rows] == ["LATER", "OVERDUE"]
    summaries = db.session.scalars(select(AuditEvent.summary).where(AuditEvent.record_id == item.id)).all()
    assert "LATER marked urgent" in summaries
    assert not any("risk" in summary for summary in summaries)

    client.post(f"/staff/queue/{item.id}/not-urgent", data={})
    rows = get_page(client, "/staff/queue").select("tbody tr")
    assert [row.select("td")[1].text.strip() for row in rows] == ["OVERDUE", "LATER"]


def test_a_households_list_of_requests_puts_the_urgent_one_first(client, sign_in_as):
    household = HouseholdFactory()
    older = TriageItemFactory(reference="ROUTINE", household_id=household.id)
    TriageItemFactory(
        reference="URGENT", household_id=household.id, urgent=True, created_at=clock.now() - timedelta(days=9)
    )
    db.session.commit()
    assert [i.reference for i in triage.items_for_household(household.id)] == ["URGENT", "ROUTINE"]
    sign_in_as(Role.ADVISOR)
    page = get_page(client, f"/staff/queue/{older.id}")
    assert "URGENT" in page.select(".govuk-grid-column-one-third .govuk-list")[-1].select("li")[0].text
