"""A tiny serving snapshot for the dashboard tests, a users file, and the app logged in as a role."""

import pytest
from ingelogd import APP, GEBRUIKERS, app_als, serving, users_file  # noqa: F401 (fixtures, by name)
from streamlit.testing.v1 import AppTest


@pytest.fixture
def app(app_als) -> AppTest:  # noqa: F811 (the fixture of that name)
    """The dashboard as a region policy advisor."""
    return app_als("beleid")
