"""The adoption agency's self-service portal."""

from __future__ import annotations

from flask import Flask, request
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from portal import adapters
from portal.config import PROJECT_ROOT, Config, from_environment
from portal.database import SAFE_METHODS, configure_engine
from portal.extensions import csrf, db, limiter, login_manager, migrate
from portal.services import passwords, shared_cache
from portal.services.untypeable import UNTYPEABLE_CHARACTERS
from portal.web.uploads import PortalRequest


def create_app(config: Config | None = None) -> Flask:
    config = config or from_environment()
    app = Flask(
        __name__,
        instance_path=str(config.INSTANCE_PATH),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_mapping(config.as_flask_mapping())
    app.request_class = PortalRequest
    if config.PROXY_COUNT:
        # The client's address (for rate limits and sign-in throttling) from
        # the X-Forwarded-For our own proxies add; anything a client wrote
        # before them is ignored. The scheme is gunicorn's (forwarded_allow_ips).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.PROXY_COUNT, x_proto=0)
    app.url_map.converters["int"] = DatabaseIdConverter
    if config.PASSWORD_HASH_PROFILE != "standard" and not config.TESTING:
        raise RuntimeError("A weaker password hashing profile is only for tests")
    passwords.use_profile(config.PASSWORD_HASH_PROFILE)
    adapters.install(app)
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(PROJECT_ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
        shared_cache.install(db.engine)
    migrate.init_app(app, db, directory=str(app.config["MIGRATIONS_DIRECTORY"]))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    WTFormsHelpers(app)

    from portal import cli
    from portal.web import access, errors, request_log, static_files, templating
    from portal.web import timeout as auth_timeout
    from portal.web.account.views import bp as account_bp
    from portal.web.auth import session as auth_session
    from portal.web.auth.views import bp as auth_bp
    from portal.web.connector.message_views import bp as connector_messages_bp
    from portal.web.connector.views import bp as connector_bp
    from portal.web.events.reminder_views import bp as event_reminders_bp
    from portal.web.events.views import bp as events_bp
    from portal.web.public.views import bp as public_bp
    from portal.web.staff import bp as staff_bp
    from portal.web.surveys.views import bp as surveys_bp

    auth_session.init_app(app)
    for blueprint in (
        public_bp,
        auth_bp,
        auth_timeout.bp,
        account_bp,
        events_bp,
        event_reminders_bp,
        connector_bp,
        connector_messages_bp,
        staff_bp,
        surveys_bp,
    ):
        app.register_blueprint(blueprint)
    access.public(app.view_functions["static"])
    app.before_request(access.enforce_access)

    templating.init_app(app)
    static_files.install(app)
    errors.init_app(app)
    cli.init_app(app)
    request_log.install()
    _install_request_edge(app)
    return app


class DatabaseIdConverter(IntegerConverter):
    """``<int:...>`` in a path: an id the database's integer columns can hold.
    A bigger number is a page that does not exist (404), not a database error."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = 2**31 - 1):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max)


def _install_request_edge(app: Flask) -> None:
    """One commit per request, at its edge; a GET never commits."""

    @app.before_request
    def _refuse_control_characters():
        # No one types a NUL, a backspace or another control character: PostgreSQL
        # cannot store a NUL, and none can be echoed into a page as valid HTML.
        values = [request.path, *request.args.keys(), *request.args.values()]
        if request.method not in SAFE_METHODS:
            values += [*request.form.keys(), *request.form.values()]
        if any(UNTYPEABLE_CHARACTERS.search(value) for value in values):
            from portal.web.errors import render_error

            return render_error(
                400,
                heading="What you sent contains a character we cannot accept",
                message="Remove any unusual or invisible characters and try again. Nothing was saved.",
            )
        return None

    @app.after_request
    def _finish(response):
        if request.method in SAFE_METHODS or response.status_code >= 500:
            db.session.rollback()
        else:
            db.session.commit()
        _security_headers(response)
        return response


def _security_headers(response) -> None:
    from portal.web.templating import csp_nonce

    nonce = csp_nonce()
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{nonce}'; "
        "style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if request.endpoint != "static":
        # Pages may carry personal data: never keep them in a cache.
        response.headers["Cache-Control"] = "no-store"
