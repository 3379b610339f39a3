"""Gunicorn settings for production: ``gunicorn -c gunicorn.conf.py "portal:create_app()"``.

Every value can be changed from the environment without editing this file.
"""

import os

from portal.config import web_workers
from portal.web import request_log

# Loopback by default: a reverse proxy or load balancer sits in front.
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# The app keeps no state in memory, so workers (and hosts) can be added freely.
workers = web_workers()
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "sync" if threads == 1 else "gthread"
# A page that takes longer than this is killed and logged; a restart lets a
# request in flight finish for up to graceful_timeout.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so a slow leak cannot grow for ever.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Import the app once in the master and fork workers from it: a recycled worker
# then starts at once, where importing the app again took seconds on a busy
# host and left one worker carrying the load meanwhile (docs/performance.md).
# Each worker opens its own database connections (portal/database.py). New code
# needs a restart of the service, not a HUP.
preload_app = os.environ.get("GUNICORN_PRELOAD_APP", "1") == "1"
# Gunicorn 27+ would open a control socket under $HOME; systemd signals are enough.
control_socket_disable = True
# Trust X-Forwarded-Proto (the scheme) only from the proxy in front
# (comma-separated addresses). Gunicorn leaves the client address alone: the
# app takes it from X-Forwarded-For when PROXY_COUNT is set (docs/deployment.md).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs go to stdout/stderr for systemd's journal or the platform's log router.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# %(U)s is the path without its query string (search terms, filters and the
# like stay out of the log); the path itself passes through the app's token
# filter, so /surveys/<token> is logged as the route, never the secret.
# No user agent or referrer: neither is needed to run the service.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


def on_starting(server):
    request_log.install()


def post_worker_init(worker):
    request_log.install()
