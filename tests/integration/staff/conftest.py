"""Fixtures for the staff pages' tests."""

from __future__ import annotations

import pytest

from portal.models import Role
from tests.support.factories import CouncilFactory, UserFactory


@pytest.fixture
def importing_admin(client, sign_in_as):
    """An admin signed in, with the councils and social worker the sample files name."""
    for name in ("Kent", "Medway", "Bexley"):
        CouncilFactory(name=name)
    UserFactory(role=Role.SOCIAL_WORKER, email="sw@agency.example")
    return sign_in_as(Role.ADMIN)
