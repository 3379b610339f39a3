"""The committed gunicorn settings serve the app with several workers, and
its access log shows each route without query strings or emailed tokens."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from portal.config import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_gunicorn_runs_two_workers_and_logs_routes_not_tokens_or_query_strings(app, tmp_path):
    port = free_port()
    access_log = tmp_path / "access.log"
    environment = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "PORTAL_INSTANCE_PATH": str(tmp_path),
        "SECRET_KEY": "test secret key",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_ACCESS_LOG": str(access_log),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "portal:create_app()"],
        cwd=PROJECT_ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    token = "Zx8_-" * 9
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                assert get(f"{base}/healthz") == 200
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        assert get(f"{base}/surveys/{token}") == 410
        assert get(f"{base}/events?search=private+words") == 200
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=40)
    assert errors.count("Booting worker") == 2
    logged = access_log.read_text()
    assert '"GET /surveys/<token> HTTP/1.1" 410' in logged
    assert '"GET /events HTTP/1.1" 200' in logged
    assert token not in logged
    assert "private" not in logged
