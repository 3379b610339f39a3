"""Bad input never breaks the site: every route in the URL map, asked with
random and hostile query strings and form fields (the forms' real field names
among them), signed out and signed in as someone who may use it, answers
with something other than a 5xx. And every query parameter of every staff
page, found from what the views declare they read, answers the shapes that
once broke them with a 400 whose error summary names it.

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
from portal.models import Household, Role, TriageItem, User
from portal.services import messages, reporting
from portal.web.query_args import arguments_read_by
from tests.support.pages import error_summary
from tests.support.signing_in import sign_in

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
    "connector": "connector@demo.adoption-portal.example",
}
DEFAULT_SIGNED_IN = "family@demo.adoption-portal.example"


def signed_in_as(endpoint: str) -> str:
    return AREA_ROLES.get(endpoint.split(".")[0], DEFAULT_SIGNED_IN)


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


def test_page_numbers_in_other_scripts_are_refused_and_household_searches_for_them_are_harmless(
    client, sign_in_as
):
    assert client.get("/events", query_string={"page": "²"}).status_code == 400
    sign_in_as("advisor")
    for search in ("²", "99999999999999999999", "\u0663"):
        assert client.get("/staff/households", query_string={"q": search}).status_code == 200


# The shapes the security review found 500s with: dates at the calendar's
# edges, a number too big for any record, digits from other scripts.
EDGE_SHAPES = ["9999-12-31", "0001-01-01", "99999999999999999999", "²", "١٢"]


def staff_query_arguments(app) -> list[tuple]:
    """Every query parameter of every staff page, from what each view
    declares with @reads (reading an undeclared one is an error)."""
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" in rule.methods and rule.endpoint.startswith("staff"):
            found += [(rule, a) for a in arguments_read_by(app.view_functions[rule.endpoint])]
    return found


def expected_answers(argument) -> list[tuple[str, MultiDict, int]]:
    """What each shape must get. A free-text parameter (a search) takes any
    text: 200. Any other takes none of the edge shapes: 400. An empty value
    means "not given": 200, unless the page cannot do without it: 400. A
    parameter given twice: 400, unless it is a list (the queue's filters),
    whose values are each checked: two bad ones are 400."""
    name = argument.name
    odd = 200 if argument.kind == "text" else 400
    answers = [(shape, MultiDict([(name, shape)]), odd) for shape in EDGE_SHAPES]
    answers.append(("empty", MultiDict([(name, "")]), 400 if argument.required else 200))
    twice = ["²", "١٢"] if argument.many else ["1", "2"]
    answers.append(("twice", MultiDict([(name, value) for value in twice]), 400))
    return answers


def test_every_staff_query_parameter_answers_odd_values_with_400_and_an_error_summary(demo_site):
    app = demo_site
    client = app.test_client()
    sign_in(client, _user(AREA_ROLES["staff"]), demo.DEMO_PASSWORD)
    household_id = db.session.scalar(select(Household.id).order_by(Household.id))
    route_values = {
        "household_id": household_id,
        "name": sorted(reporting.TABLES)[0],
        "item_id": db.session.scalar(select(TriageItem.id).order_by(TriageItem.id)),
        "thread_id": messages.thread_for_household(household_id).id,
    }
    db.session.commit()
    arguments = staff_query_arguments(app)
    covered = {(rule.endpoint, argument.name) for rule, argument in arguments}
    # The parameters the review named are among those walked.
    assert {("staff.audit.index", "until"), ("staff.audit.download", "record_id")} <= covered
    problems = []
    for rule, argument in arguments:
        url = build_url(app, rule, {name: route_values[name] for name in rule.arguments})
        page_needs = arguments_read_by(app.view_functions[rule.endpoint])
        for shape, query, status in expected_answers(argument):
            for other in page_needs:
                if other.required and other is not argument:
                    query.add(other.name, other.example)
            response = client.get(url, query_string=query)
            if response.status_code != status:
                problems.append((url, argument.name, shape, response.status_code, status))
            elif status == 400:
                summary = BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one(
                    ".govuk-error-summary"
                )
                names_it = summary is not None and (
                    argument.label.lower() in summary.get_text(" ").lower()
                    or summary.select_one(f'a[href="#{argument.name}"]') is not None
                )
                if not names_it:
                    problems.append((url, argument.name, shape, "no error summary naming it"))
    assert problems == [], "\n".join(map(repr, problems))


def test_the_audit_log_explains_a_date_it_cannot_search_by(client, sign_in_as):
    sign_in_as(Role.MANAGER)
    for url in ("/staff/audit", "/staff/audit/audit.csv"):
        response = client.get(url, query_string={"until": "9999-12-31"})
        assert response.status_code == 400
        page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        assert error_summary(page) == ["To date must be a real date between 1900 and 2100, like 2025-04-01"]
