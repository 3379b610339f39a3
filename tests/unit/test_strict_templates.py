"""Templates are strict: a name no view passed raises instead of printing
nothing, while GOV.UK Frontend's macros keep their optional parameters."""

from pathlib import Path
from types import SimpleNamespace

import govuk_frontend_jinja
import govuk_frontend_wtf
import pytest
from flask import render_template_string
from jinja2 import Environment, UndefinedError, meta

from portal.web.strict_undefined import GOVUK_OPTIONAL_NAMES
from tests.unit.test_route_access import make_app


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    with app.test_request_context():
        yield app


def test_a_name_no_view_passed_raises(app):
    with pytest.raises(UndefinedError, match="'househld' is undefined"):
        render_template_string("<p>{{ househld }}</p>", household="The Patels")


def test_a_name_no_view_passed_raises_in_a_condition_too(app):
    with pytest.raises(UndefinedError):
        render_template_string("{% if is_famliy %}family{% endif %}", is_family=True)


def test_an_attribute_a_record_does_not_have_raises(app):
    with pytest.raises(UndefinedError, match="has no attribute 'nmae'"):
        render_template_string("{{ person.nmae }}", person=SimpleNamespace(name="Sam"))


def test_a_form_without_csrf_protection_renders_without_its_token(app):
    from flask_wtf import FlaskForm

    class NoCsrf(FlaskForm):
        class Meta:
            csrf = False

    assert render_template_string("<form>{{ form.csrf_token }}</form>", form=NoCsrf()) == "<form></form>"


def test_a_govuk_macro_called_without_its_optional_parameters_renders(app):
    html = render_template_string(
        '{% from "govuk_frontend_jinja/components/button/macro.html" import govukButton %}'
        "{{ govukButton({'text': 'Save'}) }}"
    )
    assert 'class="govuk-button"' in html and "Save" in html


# Names GOV.UK Frontend's templates read without declaring that are always
# there: the macros' own argument and imports, options base.html sets or that
# a default() guards, locals set on every branch, and blocks base.html replaces.
GOVUK_NAMES_ALWAYS_THERE = {
    "params",
    "govukAttributes",
    "govukFooter",
    "govukHeader",
    "govukServiceNavigation",
    "govukSkipLink",
    "_govukTemplateFooter",
    "_govukTemplateHeader",
    "assetPath",
    "bodyAttributes",
    "cspNonce",
    "htmlLang",
    "themeColor",
    "role",
    "title",
    "footerAttributes",
    "footerClasses",
    "headerAttributes",
    "headerClasses",
    "serviceName",
    "serviceUrl",
}


def test_every_name_govuk_templates_read_without_declaring_is_accounted_for():
    environment = Environment()
    read = set()
    for package in (govuk_frontend_jinja, govuk_frontend_wtf):
        for template in (Path(package.__file__).parent / "templates").rglob("*.html"):
            read |= meta.find_undeclared_variables(environment.parse(template.read_text()))
    unaccounted = read - GOVUK_OPTIONAL_NAMES - GOVUK_NAMES_ALWAYS_THERE
    assert unaccounted == set(), "decide whether each may be undefined (portal/web/strict_undefined.py)"
