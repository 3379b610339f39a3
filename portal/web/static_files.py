"""Static files, served by WhiteNoise before a request reaches Flask: with
their .gz and .br copies (written by scripts/build-assets.sh) to browsers that
accept them, and, outside debug mode, the files pages link to under names
fingerprinted with their content, which browsers may keep for a year because a
changed file gets a new name. Everything else under /static/ is kept a day."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, url_for
from whitenoise import WhiteNoise

# The files templates link to: a page names them through asset_url().
LINKED_FROM_PAGES = ("govuk/portal.css", "js/init.js", "js/timeout-warning.js", "favicon.svg")
ONE_YEAR = 365 * 24 * 60 * 60
ONE_DAY = 24 * 60 * 60


def fingerprinted(filename: str, content: bytes) -> str:
    """govuk/portal.css -> govuk/portal.3f2a1b9c0d4e.css"""
    stem, _, suffix = filename.rpartition(".")
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:12]}.{suffix}"


def _nosniff(headers, path, url) -> None:
    headers["X-Content-Type-Options"] = "nosniff"


def install(app: Flask) -> None:
    folder = Path(app.static_folder or "static")
    names: dict[str, str] = {}
    if not app.debug:
        for filename in LINKED_FROM_PAGES:
            if (folder / filename).is_file():
                names[filename] = fingerprinted(filename, (folder / filename).read_bytes())
    immutable = {f"/static/{name}" for name in names.values()}
    server = WhiteNoise(
        app.wsgi_app,
        root=str(folder),
        prefix="static/",
        autorefresh=app.debug,
        max_age=0 if app.debug else ONE_DAY,
        immutable_file_test=lambda path, url: url in immutable,
        add_headers_function=_nosniff,
    )
    for filename, name in names.items():
        server.add_file_to_dictionary(f"/static/{name}", str(folder / filename))
    app.wsgi_app = server  # type: ignore[method-assign]

    def asset_url(filename: str) -> str:
        return url_for("static", filename=names.get(filename, filename))

    app.jinja_env.globals["asset_url"] = asset_url
