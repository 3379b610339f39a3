"""Until the admin opens the service (the set-up checklist), the public forms
say it is not open yet, rather than offer an empty list of councils."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import render_template

from portal.services import agency, setup


def once_open(view: Callable) -> Callable:
    """The view, or the "not open yet" page (503, so nothing caches it as the service)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not setup.is_open():
            return render_template("public/not_open.html", contact=agency.settings()), 503
        return view(*args, **kwargs)

    return wrapper
