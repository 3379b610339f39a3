"""Staff pages read the query string only through the declared readers, so
the hostile-input test, which walks what the views declare, reaches every
parameter."""

from pathlib import Path

import pytest
from flask import Flask

from portal.web import staff
from portal.web.query_args import BadQueryArgument, reads, whole_number

RECORD = whole_number("record", "Record number")


def test_no_staff_view_reads_the_query_string_around_the_readers():
    folder = Path(staff.__file__).parent
    offenders = [path.name for path in sorted(folder.glob("*.py")) if "request.args" in path.read_text()]
    assert offenders == []


def test_a_view_that_reads_a_parameter_it_did_not_declare_fails_loudly():
    app = Flask(__name__)

    @app.route("/declared")
    @reads(RECORD)
    def declared():
        return str(RECORD.read())

    @app.route("/undeclared")
    def undeclared():
        return str(RECORD.read())

    with app.test_request_context("/declared?record=12"):
        assert app.view_functions["declared"]() == "12"
    with app.test_request_context("/declared?record=%C2%B2"), pytest.raises(BadQueryArgument) as refused:
        app.view_functions["declared"]()
    assert str(refused.value) == "Record number must be a whole number from 1 to 2,147,483,647"
    with app.test_request_context("/undeclared?record=12"), pytest.raises(RuntimeError):
        app.view_functions["undeclared"]()
