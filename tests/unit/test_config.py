"""The settings the app really runs with, not only those written down."""

import ast
from collections import Counter
from pathlib import Path

from portal import config, create_app
from portal.config import from_environment
from portal.extensions import db


def test_the_database_engine_checks_pooled_connections_and_hides_bound_values(tmp_path):
    database = f"sqlite:///{tmp_path / 'portal.db'}"
    app = create_app(from_environment(instance_path=tmp_path, SQLALCHEMY_DATABASE_URI=database))
    with app.app_context():
        assert db.engine.pool._pre_ping is True
        assert db.engine.hide_parameters is True
        db.engine.dispose()


def test_no_setting_is_declared_twice_so_none_silently_replaces_another():
    tree = ast.parse(Path(config.__file__).read_text())
    (settings,) = [node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "Config"]
    names = Counter(
        statement.target.id for statement in settings.body if isinstance(statement, ast.AnnAssign)
    )
    assert [name for name, count in names.items() if count > 1] == []
