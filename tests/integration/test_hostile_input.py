"""Bad input never breaks the site: every route in the URL map, asked with
random and hostile query strings and form fields (the forms' real field names
among them), signed out and signed in as someone who may use it, answers
with something other than a 5xx.

Hypothesis runs derandomized, so every run tries the same examples."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from portal.database import writing
from portal.dev import demo
from portal.extensions import db
from portal.models import User
from tests.integration.conftest import sign_in

# Values people (and robots) really send: empty, NUL bytes, numbers out of
# every range, markup and SQL, dates that do not exist, a lot of text.
HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "-1",
    "0",
    "1",
    "2147483648",
    "99999999999999999999999999",
    "-99999999999999999999999999",
    "1e309",
    "NaN",
    "3.5",
    "²",
    "\u0663",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "2026-02-30",
    "31",
    "13",
    "\u202e\u0645\u0631\u062d\u0628\u0627 \U0001f600",
    "x" * 5000,
    "y" * 300_000,
]
SWEEP = ["a\x00b", "99999999999999999999999999", "²", "-1", "2026-02-30", "\U0001f600" * 200]
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
VALUE = st.one_of(st.sampled_from(HOSTILE), TEXT, st.integers().map(str))
# Query parameters the pages read, and some they do not.
QUERY_NAMES = ["page", "role", "status", "kind", "council", "assignee", "next", "year", "sort", "q", "view"]
INT_ARGUMENTS = st.sampled_from([1, 2, 3, 0, 2147483647, 2147483648, 10**30])
TOKEN_ARGUMENTS = st.one_of(st.sampled_from(["x", "\x00", "a" * 300, "%00", "-" * 43]), TEXT.filter(bool))

SETTINGS = settings(
    max_examples=5,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)

# Who may use each area, signed in; every route is also tried signed out.
AREA_ROLES = {
    "staff": "admin@demo.adoption-portal.example",
    "account": "family@demo.adoption-portal.example",
    "support_call": "family@demo.adoption-portal.example",
    "catch_up": "family@demo.adoption-portal.example",
    "connector": "connector@demo.adoption-portal.example",
}
DEFAULT_SIGNED_IN = "family@demo.adoption-portal.example"


def signed_in_as(endpoint: str) -> str:
    area = endpoint.split(".")[0]
    return AREA_ROLES.get("staff" if area.startswith("staff") else area, DEFAULT_SIGNED_IN)


def form_fields(html: str) -> dict[str, list[str]]:
    """The names of the fields of each form on a page that posts, by its action."""
    page = BeautifulSoup(html, "html.parser")
    found: dict[str, list[str]] = {}
    for form in page.select("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        names = [field["name"] for field in form.select("[name]")]
        found.setdefault(form.get("action") or "", []).extend(names)
    return found


def arguments_strategy(rule):
    parts = {}
    for name, converter in rule._converters.items():
        kind = type(converter).__name__
        if kind == "IntegerConverter":
            parts[name] = INT_ARGUMENTS
        elif kind == "AnyConverter":
            parts[name] = st.sampled_from(sorted(converter.items))
        else:
            parts[name] = TOKEN_ARGUMENTS
    return st.fixed_dictionaries(parts)


def build_url(app, rule, arguments) -> str | None:
    with app.test_request_context():
        try:
            return app.url_for(rule.endpoint, **arguments)
        except Exception:
            return None  # a value the route would never match, e.g. "/" in a token


def sweep(app, client, rule, fields_by_action, problems, sign_back_in):
    """First the same hostile value in every field at once, for each of a few."""
    url = build_url(app, rule, {a: 1 if "id" in a else "x" for a in rule.arguments})
    if url is None:
        return
    real = fields_by_action.get(url) or fields_by_action.get(rule.rule) or []
    for value in SWEEP:
        if "GET" in rule.methods:
            response = client.get(url, query_string={name: value for name in QUERY_NAMES})
            if response.status_code >= 500:
                problems.append(("GET", rule.rule, url, value[:40], response.status_code))
        if "POST" in rule.methods:
            response = client.post(url, data={name: value for name in real or QUERY_NAMES})
            if response.status_code >= 500:
                problems.append(("POST", rule.rule, url, value[:40], response.status_code))
        sign_back_in()


def check_route(app, client, rule, fields_by_action, problems, sign_back_in):
    sweep(app, client, rule, fields_by_action, problems, sign_back_in)
    methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
    names = st.sampled_from(QUERY_NAMES) | TEXT
    if "GET" in methods:

        @SETTINGS
        @given(arguments=arguments_strategy(rule), query=st.lists(st.tuples(names, VALUE), max_size=4))
        def get(arguments, query):
            url = build_url(app, rule, arguments)
            if url is None:
                return
            response = client.get(url, query_string=MultiDict(query))
            if response.status_code >= 500:
                problems.append(("GET", rule.rule, url, query[:2], response.status_code))
            sign_back_in()

        get()
    if "POST" in methods:

        @SETTINGS
        @given(arguments=arguments_strategy(rule), data=st.data())
        def post(arguments, data):
            url = build_url(app, rule, arguments)
            if url is None:
                return
            real = fields_by_action.get(url) or fields_by_action.get(rule.rule) or []
            field_names = st.sampled_from(real) | names if real else names
            # Real fields, some given twice (a list), and strangers.
            form = data.draw(st.lists(st.tuples(field_names, VALUE), max_size=12))
            response = client.post(url, data=MultiDict(form))
            if response.status_code >= 500:
                short = [(k, v[:40]) for k, v in form[:4]]
                problems.append(("POST", rule.rule, url, short, response.status_code))
            sign_back_in()

        post()


@pytest.fixture
def demo_site(app):
    with writing():
        demo.seed()
        db.session.commit()
    return app


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed out", "signed in"])
def test_no_route_answers_hostile_input_with_a_server_error(demo_site, signed_in):
    app = demo_site
    rules = sorted(
        (r for r in app.url_map.iter_rules() if r.endpoint not in ("static", "auth.sign_out")),
        key=lambda r: r.rule,
    )
    problems: list[tuple] = []
    for rule in rules:
        client = app.test_client()
        email = signed_in_as(rule.endpoint) if signed_in else None

        def sign_back_in(client=client, email=email):
            # A POST may have signed the person out (or changed their role): start again.
            with client.session_transaction() as session:
                signed_out = "_user_id" not in session
            if email and signed_out:
                client.post("/sign-in", data={"email": email, "password": demo.DEMO_PASSWORD})

        if email:
            sign_in(client, _user(email), demo.DEMO_PASSWORD)
        fields_by_action: dict[str, list[str]] = {}
        if "GET" in rule.methods and not rule.arguments:
            fields_by_action.update(form_fields(client.get(rule.rule).get_data(as_text=True)))
            fields_by_action.setdefault(rule.rule, fields_by_action.get(""))
        elif "GET" in rule.methods:
            url = build_url(app, rule, {a: 1 if "id" in a else "x" for a in rule.arguments})
            if url:
                fields_by_action.update(form_fields(client.get(url).get_data(as_text=True)))
                fields_by_action.setdefault(url, fields_by_action.get(""))
        check_route(app, client, rule, fields_by_action, problems, sign_back_in)
    distinct = sorted({(method, route, status) for method, route, _, _, status in problems})
    assert distinct == [], "\n".join(map(repr, problems[:30]))


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def test_a_nul_character_in_a_form_or_address_is_refused_with_a_clear_message(client):
    for response in (
        client.post("/information-pack", data={"full_name": "Robin\x00", "email": "r@example.com"}),
        client.get("/events", query_string={"page": "a\x00b"}),
    ):
        assert response.status_code == 400
        page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        assert page.h1.text.strip() == "What you sent contains a character we cannot accept"


def test_a_number_too_big_for_any_record_is_a_page_that_does_not_exist(client):
    assert client.get(f"/events/{2**31}").status_code == 404
    assert client.get(f"/events/{10**30}/booked").status_code == 404


def test_page_numbers_and_household_numbers_in_other_scripts_or_out_of_range_are_harmless(client, sign_in_as):
    assert client.get("/events", query_string={"page": "²"}).status_code == 200
    sign_in_as("advisor")
    for search in ("²", "99999999999999999999", "\u0663"):
        assert client.get("/staff/households", query_string={"q": search}).status_code == 200
