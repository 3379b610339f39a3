import pytest

from portal.web.access import safe_next_path


@pytest.mark.parametrize("target", ["/staff/queue", "/account?x=1"])
def test_same_site_paths_are_kept(target):
    assert safe_next_path(target) == target


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/path", "javascript:alert(1)", "", None, "staff"]
)
def test_anything_that_could_leave_the_site_is_dropped(target):
    assert safe_next_path(target) is None
