from datetime import date, timedelta

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, ConnectorLink, Role, Stage, TriageItem
from portal.services import clock, connectors, reporting
from portal.services.financial_year import FinancialYear
from tests.support.emails import emails_to, link_in
from tests.support.factories import UserFactory, approved_household, connector
from tests.support.pages import error_summary, get_page, parse
from tests.support.signing_in import sign_in

CONCERN = "Dee told me she is frightened of her partner's temper"
NOTE = "Talked about the sleep routine"


def propose(client, household, person, contact="Kim: text 07700 900321", shared=None):
    return client.post(
        f"/staff/households/{household.id}/connector",
        data={
            "connector": str(person.id),
            "household_contact": contact,
            "shared_detail": shared or f"email:{household.adults[0].id}",
        },
    )


def linked(household, person, *, accepted=True) -> ConnectorLink:
    staff = UserFactory(role=Role.SOCIAL_WORKER)
    link = connectors.propose(
        household_id=household.id,
        connector_id=person.id,
        household_contact="Kim: text first",
        actor_id=staff.id,
    )
    if accepted:
        connectors.accept(link_id=link.id, user_id=person.id)
    db.session.commit()
    return link


def names_in_order(household, tags=()):
    return [s.user.full_name for s in connectors.suggestions(household_id=household.id, tags=list(tags))]


def test_suggestions_rank_by_council_then_matching_tags_then_free_places_then_name(app):
    household = approved_household(council="Kent")
    connector(full_name="Ann Two Tags", tags=["siblings", "older_children"], capacity=1)
    connector(full_name="Ben One Tag Three Free", tags=["siblings"], capacity=3)
    connector(full_name="Cat One Tag One Free", tags=["siblings"], capacity=1)
    connector(full_name="Abe One Tag One Free", tags=["siblings"], capacity=1)
    connector(
        full_name="Dan Medway Three Tags",
        councils=["Medway"],
        capacity=9,
        tags=["siblings", "older_children", "early_permanence"],
    )
    eve = connector(full_name="Eve Pause Ended", status="paused", capacity=5)
    connector(full_name="Fay Paused", status="paused", capacity=5)
    full = connector(full_name="Gus Full", tags=["siblings", "older_children"], capacity=1)
    linked(approved_household(council="Kent"), full, accepted=False)
    connector(full_name="Hal Gone", tags=["siblings", "older_children"], is_active=False)
    # A pause that ended yesterday makes the connector available again.
    connectors.find_profile(eve.id).paused_until = clock.today() - timedelta(days=1)
    db.session.commit()

    assert names_in_order(household, tags=["siblings", "older_children"]) == [
        "Ann Two Tags",
        "Ben One Tag Three Free",
        "Abe One Tag One Free",
        "Cat One Tag One Free",
        "Eve Pause Ended",
        "Dan Medway Three Tags",
    ]
    assert names_in_order(household)[:2] == ["Eve Pause Ended", "Ben One Tag Three Free"]


def test_staff_see_suggestions_with_their_load_and_propose_a_link(client):
    household = approved_household()
    chris = connector(full_name="Chris Connector", capacity=3, tags=["siblings"])
    linked(approved_household(), chris)
    staff = UserFactory(role=Role.SOCIAL_WORKER)
    sign_in(client, staff)

    page = get_page(client, f"/staff/households/{household.id}/connector?tags=siblings")
    [row] = page.select("#suggestions tbody tr")
    assert [td.text.strip() for td in row.select("td")] == ["Chris Connector", "Yes", "Siblings", "1 of 3"]

    response = propose(client, household, chris)
    link = db.session.scalar(select(ConnectorLink).where(ConnectorLink.household_id == household.id))
    assert response.headers["Location"] == f"/staff/connector-links/{link.id}"
    assert link.status == "proposed"
    email = emails_to(chris.email)[-1]
    assert email.subject == "A family has been suggested for you to support"
    assert link_in(email) == f"/connector/links/{link.id}"
    assert "Okafor" not in email.body and "Kim" not in email.body
    summaries = db.session.scalars(
        select(AuditEvent.summary)
        .where(AuditEvent.action == "connector.link_proposed")
        .order_by(AuditEvent.id)
    ).all()
    assert summaries[-1] == f"Link {link.id} proposed: household {household.id} with connector {chris.id}"


def test_a_household_still_in_assessment_cannot_have_a_connector(client):
    household = approved_household(stage=Stage.STAGE_TWO)
    chris = connector()
    sign_in(client, UserFactory(role=Role.ADVISOR))
    page = get_page(client, f"/staff/households/{household.id}/connector")
    assert "once it is approved as adopters" in page.text
    response = propose(client, household, chris)
    assert response.status_code == 400
    assert db.session.scalar(select(ConnectorLink)) is None


def test_proposing_without_a_contact_a_shared_detail_or_a_connector_is_explained(client):
    household = approved_household()
    connector()
    sign_in(client, UserFactory(role=Role.ADVISOR))
    response = client.post(f"/staff/households/{household.id}/connector", data={"household_contact": ""})
    assert response.status_code == 400
    assert error_summary(parse(response)) == [
        "Choose a connector",
        "Enter how the household would like to be contacted",
        "Choose the contact detail the household agreed to share",
    ]


def test_the_connector_accepts_and_the_household_sees_their_first_name_and_how_to_contact_them(client):
    household = approved_household()
    chris = connector(full_name="Chris Connector")
    link = linked(household, chris, accepted=False)
    sign_in(client, chris)

    home = get_page(client, "/connector")
    assert "Kim and Dee" in home.text and "Okafor" not in home.text
    waiting = get_page(client, f"/connector/links/{link.id}")
    assert "Kim: text first" not in waiting.text  # the household's contact is shared once accepted
    assert client.post(f"/connector/links/{link.id}/accept").status_code == 302

    page = get_page(client, f"/connector/links/{link.id}")
    assert "Kim: text first" in page.text and "Approved as adopters" in page.text and "Kent" in page.text
    kim = household.adults[0]
    [email] = emails_to(kim.email)
    assert email.subject == "You have a peer connector"
    assert "Chris" in email.body and "Connector" not in email.body
    family_client = client.application.test_client()
    sign_in(family_client, kim)
    account = get_page(family_client, "/account")
    assert "Chris is your peer connector" in account.text
    assert "Call Chris on 07700 900456" in account.text


def test_the_connector_declines_with_a_reason_that_only_staff_read(client, other_client):
    household = approved_household()
    chris = connector()
    link = linked(household, chris, accepted=False)
    sign_in(client, chris)
    response = client.post(
        f"/connector/links/{link.id}/decline", data={"decline-reason": "I know this family"}
    )
    assert response.headers["Location"] == "/connector"
    db.session.refresh(link)
    assert link.status == "declined"
    assert "I know this family" not in " ".join(db.session.scalars(select(AuditEvent.summary)))
    sign_in(other_client, UserFactory(role=Role.ADVISOR))
    assert "I know this family" in get_page(other_client, f"/staff/connector-links/{link.id}").text
    assert client.post(f"/connector/links/{link.id}/accept").status_code == 302
    db.session.refresh(link)
    assert link.status == "declined"


def test_contacts_are_logged_and_staff_see_the_date_and_method_but_not_the_note(client, other_client):
    chris = connector()
    link = linked(approved_household(), chris)
    sign_in(client, chris)
    today = clock.today()
    response = client.post(
        f"/connector/links/{link.id}/contacts",
        data={
            "contact-contact_on": [str(today.day), str(today.month), str(today.year)],
            "contact-method": "video",
            "contact-note": NOTE,
        },
    )
    assert response.status_code == 302
    page = get_page(client, f"/connector/links/{link.id}")
    assert NOTE in page.text
    csv = client.get(f"/connector/links/{link.id}/contacts.csv")
    assert csv.mimetype == "text/csv" and NOTE in csv.get_data(as_text=True)
    sign_in(other_client, UserFactory(role=Role.ADVISOR))
    staff_page = get_page(other_client, f"/staff/connector-links/{link.id}")
    assert "Video" in staff_page.text and NOTE not in staff_page.text
    assert NOTE not in " ".join(db.session.scalars(select(AuditEvent.summary)))


def test_a_contact_in_the_future_is_explained(client):
    chris = connector()
    link = linked(approved_household(), chris)
    sign_in(client, chris)
    tomorrow = clock.today() + timedelta(days=1)
    response = client.post(
        f"/connector/links/{link.id}/contacts",
        data={
            "contact-contact_on": [str(tomorrow.day), str(tomorrow.month), str(tomorrow.year)],
            "contact-method": "phone",
        },
    )
    assert response.status_code == 400
    assert error_summary(parse(response)) == ["The date of the contact must be today or in the past"]


def test_a_safeguarding_concern_is_urgent_today_and_its_text_goes_only_to_staff(client, other_client, agency):
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    household = approved_household()
    household.social_worker_id = worker.id
    chris = connector()
    link = linked(household, chris)
    with time_machine.travel("2026-11-23 10:00 +0000", tick=False):
        earlier = TriageItem(
            reference="SUP-2026-09999",
            kind="support_call",
            title="Support-and-advice call",
            due_on=date(2026, 11, 23),
            due_reason="5 working days",
            created_at=clock.now(),
            updated_at=clock.now(),
        )
        db.session.add(earlier)
        db.session.commit()
        sign_in(client, chris)
        response = client.post(
            f"/connector/links/{link.id}/tell-staff",
            data={"concern-body": CONCERN, "concern-safeguarding": "y"},
        )
        assert response.status_code == 302
        item = db.session.scalar(select(TriageItem).where(TriageItem.kind == "connector_concern"))
        assert (item.urgent, item.due_on, item.assignee_id) == (True, date(2026, 11, 23), worker.id)
        assert item.reference == "CON-2026-00001"
        sign_in(other_client, worker)
        queue = get_page(other_client, "/staff/queue")
        first = queue.select("tbody tr")[0]
        assert item.reference in first.text and "Urgent" in first.text
        item_page = get_page(other_client, f"/staff/queue/{item.id}")
        assert item_page.find("a", string="Open the peer connector link")["href"] == (
            f"/staff/connector-links/{link.id}"
        )
        assert CONCERN in get_page(other_client, f"/staff/connector-links/{link.id}").text
    [alert] = emails_to(agency.contact_email)
    assert alert.subject == "Urgent: a peer connector has raised a safeguarding concern"
    assert item.reference in alert.body and "frightened" not in alert.body
    assert all("frightened" not in s for s in db.session.scalars(select(AuditEvent.summary)))
    assert "frightened" not in item.title


def test_something_to_tell_staff_that_is_not_safeguarding_is_due_next_working_day(client):
    chris = connector()
    link = linked(approved_household(), chris)
    with time_machine.travel("2026-11-27 10:00 +0000", tick=False):  # a Friday
        sign_in(client, chris)
        client.post(f"/connector/links/{link.id}/tell-staff", data={"concern-body": "They are moving house"})
        empty = client.post(f"/connector/links/{link.id}/tell-staff", data={"concern-body": "  "})
    item = db.session.scalar(select(TriageItem).where(TriageItem.kind == "connector_concern"))
    assert (item.urgent, item.due_on, item.title) == (
        False,
        date(2026, 11, 30),
        "A peer connector needs to tell staff something",
    )
    assert empty.status_code == 400
    assert error_summary(parse(empty)) == ["Enter what you need to tell staff"]


def test_the_connector_closes_the_link_and_the_household_can_be_linked_again_with_history_kept(
    client, other_client
):
    household = approved_household()
    chris = connector()
    link = linked(household, chris)
    sign_in(client, chris)
    assert get_page(client, f"/connector/links/{link.id}/close").select("input[name=reason]")
    assert client.post(f"/connector/links/{link.id}/close", data={}).status_code == 400
    assert client.post(f"/connector/links/{link.id}/close", data={"reason": "settled"}).status_code == 302
    db.session.refresh(link)
    assert (link.status, link.close_reason, link.closed_by_id) == ("closed", "settled", chris.id)
    assert connectors.active_link_for_household(household.id) is None
    # The connector no longer sees the household on their home page.
    assert "Kim and Dee" not in get_page(client, "/connector").text

    sam = connector(full_name="Sam Second")
    staff = UserFactory(role=Role.ADVISOR)
    sign_in(other_client, staff)
    assert propose(other_client, household, sam).status_code == 302
    page = get_page(other_client, f"/staff/households/{household.id}/connector")
    history = [li.text for li in page.select("ul.govuk-list li")]
    assert len(history) == 2
    assert any("Closed (the household is settled)" in item for item in history)


def test_staff_close_a_link_with_a_reason(client):
    chris = connector()
    link = linked(approved_household(), chris)
    sign_in(client, UserFactory(role=Role.MANAGER))
    assert client.post(f"/staff/connector-links/{link.id}/close", data={"reason": "bogus"}).status_code == 400
    assert (
        client.post(f"/staff/connector-links/{link.id}/close", data={"reason": "moved_away"}).status_code
        == 302
    )
    db.session.refresh(link)
    assert (link.status, link.close_reason) == ("closed", "moved_away")
    assert db.session.scalar(
        select(AuditEvent.summary).where(AuditEvent.action == "connector.link_closed")
    ) == (f"Link {link.id} closed by staff: The household moved away")


def test_a_proposal_not_answered_in_5_working_days_returns_to_the_queue_once(app, client):
    chris = connector()
    household = approved_household()
    with time_machine.travel("2026-12-22 10:00 +0000", tick=False):  # a Tuesday before Christmas
        link = linked(household, chris, accepted=False)
    runner = app.test_cli_runner()
    # Working days: 23, 24, 29, 30, 31 December; the answer is due by 31 December.
    with time_machine.travel("2026-12-31 18:00 +0000", tick=False):
        assert "lapsed 0" in runner.invoke(args=["lapse-connector-proposals"]).output
    with time_machine.travel("2027-01-01 09:00 +0000", tick=False):
        assert "lapsed 1" in runner.invoke(args=["lapse-connector-proposals"]).output
        assert "lapsed 0" in runner.invoke(args=["lapse-connector-proposals"]).output
    db.session.refresh(link)
    item = db.session.get(TriageItem, link.triage_item_id)
    assert link.status == "lapsed"
    assert (item.kind, item.title, item.household_id) == (
        "connector_link",
        "Link not answered: propose another connector",
        household.id,
    )
    sign_in(client, chris)
    assert client.post(f"/connector/links/{link.id}/accept").status_code == 302
    db.session.refresh(link)
    assert link.status == "lapsed"
    assert "Kim and Dee" not in get_page(client, "/connector").text


def connector_pages(link_id: int) -> list[tuple[str, str, dict]]:
    return [
        ("GET", f"/connector/links/{link_id}", {}),
        ("GET", f"/connector/links/{link_id}/contacts.csv", {}),
        ("GET", f"/connector/links/{link_id}/close", {}),
        ("POST", f"/connector/links/{link_id}/accept", {}),
        ("POST", f"/connector/links/{link_id}/decline", {"decline-reason": "no"}),
        ("POST", f"/connector/links/{link_id}/contacts", {"contact-method": "phone"}),
        ("POST", f"/connector/links/{link_id}/tell-staff", {"concern-body": "hello"}),
        ("POST", f"/connector/links/{link_id}/close", {"reason": "settled"}),
    ]


@pytest.mark.parametrize("accepted", [True, False])
def test_a_connector_gets_not_found_for_every_page_and_download_of_another_connectors_link(client, accepted):
    theirs = linked(approved_household(adults=("Secret Person",)), connector(), accepted=accepted)
    status = theirs.status
    sign_in(client, connector())
    assert "Secret" not in get_page(client, "/connector").text
    for method, path, data in connector_pages(theirs.id) + connector_pages(theirs.id + 1000):
        response = client.open(path, method=method, data=data)
        assert response.status_code == 404, (method, path)
        assert "Secret" not in response.get_data(as_text=True)
    db.session.refresh(theirs)
    assert theirs.status == status
    assert db.session.scalar(select(TriageItem).where(TriageItem.kind == "connector_concern")) is None


def test_other_roles_cannot_use_connector_pages_and_connectors_cannot_use_staff_pages(client, other_client):
    chris = connector()
    link = linked(approved_household(), chris)
    sign_in(client, UserFactory(role=Role.ADVISOR))
    assert client.get(f"/connector/links/{link.id}").status_code == 403
    sign_in(other_client, chris)
    for path in ("/staff/connectors", f"/staff/connector-links/{link.id}", f"/staff/connectors/{chris.id}"):
        assert other_client.get(path).status_code == 403


def test_the_connector_and_staff_keep_the_profile(client, other_client):
    chris = UserFactory(role=Role.CONNECTOR, full_name="Chris Connector")
    kent = approved_household(council="Kent").council
    sign_in(client, chris)
    assert "Tell us which councils you cover" in get_page(client, "/connector").text
    bad = client.post("/connector/profile", data={"capacity": "-1", "status": "active"})
    assert bad.status_code == 400
    assert error_summary(parse(bad)) == ["Enter a number from 0 to 20"]
    ok = client.post(
        "/connector/profile",
        data={
            "councils": str(kent.id),
            "capacity": "3",
            "tags": ["siblings", "lgbt"],
            "status": "active",
            "contact_for_households": "07700 900111",
        },
    )
    assert ok.status_code == 302
    sign_in(other_client, UserFactory(role=Role.ADVISOR))
    listing = get_page(other_client, "/staff/connectors")
    row = listing.select_one("tbody tr")
    assert [td.text.strip() for td in row.select("td")] == [
        "Chris Connector",
        "Kent",
        "Siblings, LGBT+ adopters",
        "Active",
        "0 of 3",
    ]
    until = clock.today() + timedelta(days=14)
    paused = other_client.post(
        f"/staff/connectors/{chris.id}",
        data={
            "councils": str(kent.id),
            "capacity": "3",
            "status": "paused",
            "paused_until": [str(until.day), str(until.month), str(until.year)],
        },
    )
    assert paused.status_code == 302
    assert f"Paused until {until.day} {until:%B %Y}" in get_page(other_client, "/staff/connectors").text
    summaries = db.session.scalars(
        select(AuditEvent.summary).where(AuditEvent.action == "connector.profile_saved")
    ).all()
    assert (
        summaries[-1] == f"Connector profile of user {chris.id} saved: Paused, capacity 3, 1 councils, 0 tags"
    )
    assert all("07700" not in s for s in summaries)


def test_the_number_of_queries_does_not_grow_with_connectors_or_links(client, other_client, count_queries):
    chris = connector(capacity=20)
    for _ in range(2):
        linked(approved_household(), chris)
        linked(approved_household(), connector(), accepted=False)
    sign_in(client, UserFactory(role=Role.ADVISOR))
    sign_in(other_client, chris)
    household = approved_household()
    paths = ("/staff/connectors", f"/staff/households/{household.id}/connector")
    before = [count_queries(client, path) for path in paths] + [count_queries(other_client, "/connector")]
    for _ in range(4):
        linked(approved_household(), chris)
        linked(approved_household(), connector(), accepted=False)
    after = [count_queries(client, path) for path in paths] + [count_queries(other_client, "/connector")]
    assert before == after


def test_figures_count_links_households_and_contacts_in_the_period(app):
    chris, sam = connector(capacity=5), connector(capacity=5)
    connector(status="paused", capacity=5)
    staff = UserFactory(role=Role.MANAGER)
    households = [approved_household() for _ in range(4)]

    def at(moment):
        return time_machine.travel(moment, tick=False)

    with at("2026-03-30 10:00 +0100"):  # the year before
        old = connectors.propose(
            household_id=households[0].id, connector_id=chris.id, household_contact="x", actor_id=staff.id
        )
    with at("2026-04-02 10:00 +0100"):
        connectors.accept(link_id=old.id, user_id=chris.id)  # 3 days
        second = connectors.propose(
            household_id=households[1].id, connector_id=chris.id, household_contact="x", actor_id=staff.id
        )
        declined = connectors.propose(
            household_id=households[2].id, connector_id=sam.id, household_contact="x", actor_id=staff.id
        )
    with at("2026-04-12 10:00 +0100"):
        connectors.accept(link_id=second.id, user_id=chris.id)  # 10 days
        connectors.decline(link_id=declined.id, user_id=sam.id, reason=None)
        third = connectors.propose(
            household_id=households[3].id, connector_id=sam.id, household_contact="x", actor_id=staff.id
        )
        connectors.log_contact(
            link_id=old.id, user_id=chris.id, contact_on=date(2026, 4, 3), method="phone", note=""
        )
        connectors.log_contact(
            link_id=old.id, user_id=chris.id, contact_on=date(2026, 4, 10), method="video", note=""
        )
    with at("2026-04-13 10:00 +0100"):
        connectors.accept(link_id=third.id, user_id=sam.id)  # 1 day
    with at("2026-05-20 10:00 +0100"):
        connectors.log_contact(
            link_id=second.id, user_id=chris.id, contact_on=date(2026, 5, 19), method="in_person", note=""
        )
        connectors.close(link_id=old.id, actor_id=staff.id, reason="settled", by_connector=False)
        db.session.commit()
        figures = reporting.peer_connectors.figures(FinancialYear(2026))
    assert figures == reporting.peer_connectors.ConnectorFigures(
        active_connectors=2,
        households_supported_in_period=3,
        households_supported_ever=3,
        proposed=3,
        accepted=3,
        declined=1,
        closed=1,
        median_days_to_accept=3,
        contacts_by_month={"2026-04": 2, "2026-05": 1},
    )


def test_managers_see_the_figures_page_and_advisors_do_not(client, other_client):
    sign_in(client, UserFactory(role=Role.MANAGER))
    page = get_page(client, "/staff/connectors/figures")
    assert "Median days from proposal to acceptance" in page.text
    assert client.get("/staff/connectors/figures?year=nonsense").status_code == 400
    sign_in(other_client, UserFactory(role=Role.ADVISOR))
    assert other_client.get("/staff/connectors/figures").status_code == 403


def test_staff_choose_the_detail_the_household_agreed_to_share_and_the_connector_sees_it(
    client, other_client
):
    household = approved_household(council="Kent")
    kim = household.adults[0]
    kim.phone = "07700 900321"
    chris = connector(full_name="Chris Connector", capacity=2)
    db.session.commit()
    sign_in(client, UserFactory(role=Role.SOCIAL_WORKER))
    page = get_page(client, f"/staff/households/{household.id}/connector")
    offered = [radio["value"] for radio in page.select("input[name=shared_detail]")]
    assert f"phone:{kim.id}" in offered and f"email:{kim.id}" in offered
    # A detail of someone outside the household is refused, and nothing is proposed.
    assert propose(client, household, chris, shared=f"email:{chris.id}").status_code == 400
    assert db.session.scalar(select(ConnectorLink.id)) is None
    assert propose(client, household, chris, shared=f"phone:{kim.id}").status_code == 302
    link = db.session.scalar(select(ConnectorLink))
    sign_in(other_client, chris)
    other_client.post(f"/connector/links/{link.id}/accept")
    page = get_page(other_client, f"/connector/links/{link.id}")
    assert f"{kim.full_name}, phone: 07700 900321" in page.main.get_text(" ")
    home = get_page(other_client, "/connector")
    assert f"{kim.full_name}, phone: 07700 900321" in home.main.get_text(" ")
