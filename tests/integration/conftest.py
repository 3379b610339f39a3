"""Fixtures for tests that drive the app through HTTP and check what people
see; the helpers they share are in tests/support/."""

from __future__ import annotations

import pytest

from tests.support.factories import AgencySettingsFactory, UserFactory
from tests.support.signing_in import sign_in


@pytest.fixture(autouse=True)
def agency(app):
    return AgencySettingsFactory()


@pytest.fixture
def sign_in_as(client):
    """Create a user with this role, sign them in on ``client`` and return them."""

    def _sign_in_as(role, **attributes):
        user = UserFactory(role=role, **attributes)
        sign_in(client, user)
        return user

    return _sign_in_as
