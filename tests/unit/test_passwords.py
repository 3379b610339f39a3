import pytest

from portal.services import passwords


def test_a_long_passphrase_with_spaces_is_accepted():
    assert passwords.password_problem("purple tractor umbrella") is None


@pytest.mark.parametrize("common", ["password1234", "qwertyuiop12", "123456789012"])
def test_common_passwords_are_refused(common):
    assert passwords.password_problem(common) is not None


def test_short_passwords_are_refused_with_the_minimum_length():
    assert passwords.password_problem("short one") == "Password must be 12 characters or more"


def test_no_composition_rules_are_imposed():
    assert passwords.password_problem("all lower case words here") is None


def test_a_password_made_of_the_email_address_is_refused():
    assert passwords.password_problem("sam.jones.2026!", email="sam.jones@example.com") is not None


def test_hashes_are_argon2id_and_verify_only_the_right_password():
    passwords.use_profile("standard")
    hashed = passwords.hash_password("purple tractor umbrella")
    assert hashed.startswith("$argon2id$")
    assert "m=65536,t=3" in hashed  # at or above OWASP ASVS's 46 MiB, 1 pass
    assert passwords.verify_password(hashed, "purple tractor umbrella")
    assert not passwords.verify_password(hashed, "purple tractor umbrellas")


def test_an_account_with_no_password_never_verifies():
    assert not passwords.verify_password(None, "this is not anybody's password")


def test_the_fast_profile_is_refused_outside_tests(tmp_path):
    from portal import create_app
    from portal.config import from_environment

    config = from_environment(
        instance_path=tmp_path, SQLALCHEMY_DATABASE_URI="sqlite://", PASSWORD_HASH_PROFILE="test"
    )
    with pytest.raises(RuntimeError):
        create_app(config)
