"""The limit for this stack: a bare Flask app with no database that answers
the portal's own paths with the portal's own pages, captured once, rendered
through Jinja and sent with a fresh script nonce, under the same gunicorn
settings as the portal. Its sign-in and booking forms answer as the portal's
do (a redirect), so a load test drives both with exactly the same requests.

    .venv/bin/python loadtest/bare_pages.py capture http://127.0.0.1:8391 FOLDER [--staff EMAIL]
    BARE_PAGES=FOLDER gunicorn -c gunicorn.conf.py 'loadtest.bare_pages:create_app()'
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import urllib.parse
import urllib.request
from pathlib import Path

from flask import Flask, abort, redirect, render_template_string, request

DEMO_PASSWORD = "demo passphrase for the portal"
DEMO_AUTHENTICATOR_SECRET = "DEMOPORTALTOTPKEYFORTRYINGITOUT2"
PUBLIC = ["/", "/events", "/events/{event_id}", "/information-pack", "/healthz", "/sign-in"]
STAFF = ["/sign-in/code", "/staff/queue", "/staff/queue?page=2", "/staff/households"]
# Where each form the load test sends goes next, as the portal answers it.
POSTS = [
    (re.compile(r"^/sign-in$"), "/sign-in/code"),
    (re.compile(r"^/sign-in/code$"), "/staff/queue"),
    (re.compile(r"^/events/(\d+)$"), "/events/{0}/booked"),
]
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _csrf(html: str) -> str:
    found = CSRF.search(html)
    return found.group(1) if found else ""


def _browser():
    """A client with its own cookies that follows redirects: (get, post) returning (status, url, bytes)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def fetch(url: str, data: dict | None = None) -> tuple[int, str, bytes]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        with opener.open(url, data=body, timeout=30) as response:
            return response.status, response.url, response.read()

    return fetch


def capture(base: str, folder: Path, *, staff_email: str | None = None) -> list[str]:
    """The portal's public pages (and a staff member's, signed in) saved in ``folder``; the public paths."""
    folder.mkdir(parents=True, exist_ok=True)
    visitor = _browser()
    event_id = re.search(r'href="/events/(\d+)"', visitor(f"{base}/events")[2].decode())
    if not event_id:
        raise SystemExit("The demo data lists no event")
    public = [path.format(event_id=event_id.group(1)) for path in PUBLIC]
    pages = {path: visitor(f"{base}{path}") for path in public}
    if staff_email:
        import pyotp

        staff = _browser()
        form = staff(f"{base}/sign-in")[2].decode()
        data = {"csrf_token": _csrf(form), "email": staff_email, "password": DEMO_PASSWORD}
        pages["/sign-in/code"] = code_page = staff(f"{base}/sign-in", data)
        code = pyotp.TOTP(DEMO_AUTHENTICATOR_SECRET).now()
        staff(f"{base}/sign-in/code", {"csrf_token": _csrf(code_page[2].decode()), "code": code})
        pages |= {path: staff(f"{base}{path}") for path in STAFF[1:]}
    index = {}
    for number, (path, (status, url, content)) in enumerate(pages.items()):
        if status != 200 or not url.endswith(path):
            raise SystemExit(f"{path} answered {status} at {url}")
        name = f"page{number}.{'json' if path == '/healthz' else 'html'}"
        (folder / name).write_bytes(content)
        index[path] = name
    (folder / "index.json").write_text(json.dumps(index))
    return public


def create_app(folder: str | None = None) -> Flask:
    folder_path = Path(folder or os.environ["BARE_PAGES"])
    index = json.loads((folder_path / "index.json").read_text())
    pages = {path: (folder_path / name).read_text() for path, name in index.items()}
    app = Flask(__name__)

    @app.route("/", defaults={"path": ""}, methods=["GET", "POST"])
    @app.route("/<path:path>", methods=["GET", "POST"])
    def page(path: str):
        if request.method == "POST":
            for pattern, target in POSTS:
                found = pattern.match(request.path)
                if found:
                    return redirect(target.format(*found.groups()))
            abort(404)
        body = pages.get(request.full_path.rstrip("?"))
        if body is None:
            abort(404)
        if request.path == "/healthz":
            return body, {"Content-Type": "application/json"}
        return render_template_string("{{ body | safe }}", body=body), {
            "Content-Security-Policy": f"script-src 'self' 'nonce-{secrets.token_urlsafe(16)}'",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        }

    return app


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Capture the portal's pages for the bare app")
    parser.add_argument("command", choices=["capture"])
    parser.add_argument("base")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--staff", help="a demo staff member's email: capture their pages too")
    arguments = parser.parse_args()
    capture(arguments.base, arguments.folder, staff_email=arguments.staff)
