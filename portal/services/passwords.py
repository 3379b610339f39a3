"""Password hashing and the password rules.

argon2id at argon2-cffi's RFC 9106 low-memory profile (64 MiB, 3 passes),
above OWASP ASVS's minimum (46 MiB, 1 pass). As NCSC advises: long
passphrases are welcome, common passwords are refused, no composition rules.
"""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 12
MAX_LENGTH = 256

# (passes, memory in KiB, lanes). "standard" is for every real site; "test"
# only keeps the test suite fast and is refused unless the app is TESTING.
PROFILES = {
    "standard": (3, 64 * 1024, 4),
    "test": (1, 1024, 1),
}


class _Hashing:
    def __init__(self, profile: str) -> None:
        time_cost, memory_cost, parallelism = PROFILES[profile]
        self.profile = profile
        self.hasher = PasswordHasher(
            time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism, type=Type.ID
        )
        # Verified against when the account is unknown, so both paths take as long.
        self.dummy_hash = self.hasher.hash("this is not anybody's password")


_hashing = _Hashing("standard")


def use_profile(profile: str) -> None:
    """Called by the app factory with the configured profile."""
    global _hashing
    if profile != _hashing.profile:
        _hashing = _Hashing(profile)


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def hash_password(password: str) -> str:
    return _hashing.hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        matched = _hashing.hasher.verify(password_hash or _hashing.dummy_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    return matched and password_hash is not None


def needs_rehash(password_hash: str) -> bool:
    return _hashing.hasher.check_needs_rehash(password_hash)


def password_problem(password: str, *, email: str = "") -> str | None:
    """Why a new password can't be used, in words for the person, or None."""
    if len(password) < MIN_LENGTH:
        return f"Password must be {MIN_LENGTH} characters or more"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    normalised = password.strip().lower()
    local_part = email.split("@", 1)[0].lower()
    if len(local_part) >= 4 and local_part in normalised:
        return "Password must not contain your email address"
    # zxcvbn spots common passwords, sequences, keyboard patterns and dates.
    if normalised in _common_passwords() or zxcvbn(password[:100], user_inputs=[local_part])["score"] < 3:
        return "Password is too easy to guess. Try three random words"
    return None
