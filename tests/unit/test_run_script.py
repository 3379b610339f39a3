"""`make run` on another port: the links the portal emails point where it is served.

scripts/run.sh is run for real, in a copy of the project whose bootstrap does
nothing and whose flask only says which BASE_URL it was given."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

RUN_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "run.sh"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "scripts").mkdir()
    shutil.copy(RUN_SCRIPT, tmp_path / "scripts" / "run.sh")
    (tmp_path / "scripts" / "bootstrap.sh").write_text("#!/bin/sh\n")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "flask").write_text('#!/bin/sh\necho "flask $* with BASE_URL=$BASE_URL"\n')
    for script in (tmp_path / "scripts" / "bootstrap.sh", tmp_path / ".venv" / "bin" / "flask"):
        script.chmod(0o755)
    return tmp_path


def run(project: Path, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in {"BASE_URL", "PORTAL_HOST", "PORTAL_PORT"}}
    environment.update(env)
    finished = subprocess.run(
        ["bash", str(project / "scripts" / "run.sh")],
        env=environment,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return finished.stdout


def test_the_site_served_on_another_port_emails_links_to_that_port(project):
    output = run(project, PORTAL_PORT="5050")
    assert "flask --app portal run --host 127.0.0.1 --port 5050 with BASE_URL=http://127.0.0.1:5050" in output
    assert "flask --app portal seed-demo with BASE_URL=http://127.0.0.1:5050" in output


def test_by_default_links_point_to_port_5000(project):
    assert "--port 5000 with BASE_URL=http://127.0.0.1:5000" in run(project)


def test_a_base_url_that_is_set_is_kept(project):
    output = run(project, PORTAL_PORT="5050", BASE_URL="https://portal.example")
    assert "--port 5050 with BASE_URL=https://portal.example" in output


def test_the_importer_runs_beside_the_site_and_stops_with_it(project):
    # This flask's importer runs until it is stopped, as the real one does.
    (project / ".venv" / "bin" / "flask").write_text(
        '#!/bin/sh\necho "flask $* with BASE_URL=$BASE_URL"\n'
        'if [ "$3" = run-imports ]; then exec sleep 300; fi\n'
    )
    output = run(project)  # returns only once every process it started has ended
    assert "flask --app portal run-imports --loop" in output
    assert output.index("run-imports") < output.index("--app portal run --host")
