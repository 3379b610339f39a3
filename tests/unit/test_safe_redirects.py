import pytest

from portal.web.access import safe_next_path

# Each a way to write a path that a browser takes to another site: a second
# slash or a backslash (browsers read \ as /), hidden characters a browser
# drops (a tab, typed or percent-encoded), or a scheme with no slashes.
HOSTILE_NEXT_PATHS = [
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/%09/evil.example",
    "/\t/evil.example",
    "/%0a/evil.example",
    "/%2F/evil.example",
    "/%5Cevil.example",
    "/%2509/evil.example",
    "https:evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
]


@pytest.mark.parametrize("target", ["/staff/queue", "/account?x=1", "/staff/users?role=admin"])
def test_same_site_paths_are_kept(target):
    assert safe_next_path(target) == target


@pytest.mark.parametrize("target", [*HOSTILE_NEXT_PATHS, "", None, "staff"])
def test_anything_that_could_leave_the_site_is_dropped(target):
    assert safe_next_path(target) is None
