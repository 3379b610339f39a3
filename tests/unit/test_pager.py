"""Every paged list offers the same pager: previous, next, the first and last
pages, and the pages around this one, with the gaps marked."""

from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from tests.conftest import build_app


@pytest.fixture
def render_pager(tmp_path):
    app = build_app(tmp_path, f"sqlite:///{tmp_path / 'unused.db'}")

    def render(page: int, pages: int) -> list[str]:
        with app.test_request_context():
            template = app.jinja_env.from_string(
                '{% from "components/paging.html" import pager %}'
                "{% macro page_url(n) %}/things?page={{ n }}{% endmacro %}"
                "{{ pager(page, page_url) }}"
            )
            html = template.render(page=SimpleNamespace(page=page, pages=pages))
        items = BeautifulSoup(html, "html.parser").select(".govuk-pagination__item")
        return [item.get_text(strip=True) for item in items]

    return render


def test_a_long_list_shows_the_first_and_last_pages_and_two_either_side_with_gaps(render_pager):
    assert render_pager(50, 4000) == ["1", "⋯", "48", "49", "50", "51", "52", "⋯", "4000"]


def test_near_the_start_no_gap_is_marked_between_neighbours(render_pager):
    assert render_pager(2, 9) == ["1", "2", "3", "4", "⋯", "9"]


def test_one_page_needs_no_pager(render_pager):
    assert render_pager(1, 1) == []
