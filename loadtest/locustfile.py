"""Load on the portal as people use it: mostly public pages, some staff
working the queue (signed in), and a steady trickle of information event
bookings without an account. Every task is one request, and each user paces
itself with constant_throughput, so the whole load is LOAD_RATE requests a
second (100) from LOAD_USERS users (50), whatever the server: run.sh drives
the portal and the bare app (loadtest/bare_pages.py, the same paths) with
exactly this file.

Bookings and sign-ins stay under the site's per-address rate limits
(20 a minute), as every simulated user shares 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import time
import uuid

import pyotp
from locust import HttpUser, constant_throughput, task

DEMO_PASSWORD = "demo passphrase for the portal"
DEMO_AUTHENTICATOR_SECRET = "DEMOPORTALTOTPKEYFORTRYINGITOUT2"
STAFF = [
    "admin@demo.adoption-portal.example",
    "manager@demo.adoption-portal.example",
    "social.worker@demo.adoption-portal.example",
    "advisor@demo.adoption-portal.example",
]
STAFF_RATE = 2
BOOKINGS_PER_SECOND = 0.25
BOOKING_REQUESTS = 3
VISITORS = int(os.environ.get("LOAD_USERS", "50")) - len(STAFF) - 1
# What is left of the rate once staff and the booker have theirs, shared by the visitors.
RATE = float(os.environ.get("LOAD_RATE", "100"))
VISITOR_RATE = (RATE - len(STAFF) * STAFF_RATE - BOOKINGS_PER_SECOND * BOOKING_REQUESTS) / VISITORS
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
EVENT_LINK = re.compile(r'href="/events/(\d+)"')


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    return match.group(1) if match else ""


class PublicVisitor(HttpUser):
    weight = 45
    wait_time = constant_throughput(VISITOR_RATE)
    event_id: str | None = None

    @task(4)
    def start_page(self):
        self.client.get("/")

    @task(4)
    def events(self):
        ids = EVENT_LINK.findall(self.client.get("/events").text)
        self.event_id = ids[0] if ids else None

    @task(4)
    def event(self):
        if self.event_id:
            self.client.get(f"/events/{self.event_id}", name="/events/<id>")
        else:
            self.events()

    @task(2)
    def information_pack_form(self):
        self.client.get("/information-pack")

    @task(1)
    def health(self):
        self.client.get("/healthz")


class StaffMember(HttpUser):
    fixed_count = len(STAFF)
    wait_time = constant_throughput(STAFF_RATE)
    emails = iter(STAFF * 100)

    def on_start(self):
        page = self.client.get("/sign-in")
        response = self.client.post(
            "/sign-in",
            data={"csrf_token": csrf_token(page.text), "email": next(self.emails), "password": DEMO_PASSWORD},
            allow_redirects=False,
        )
        if response.status_code != 302:
            response.failure(f"sign-in answered {response.status_code}")
            return
        if response.headers.get("Location") == "/sign-in/code":
            # Staff sign in with a second step: the demo authenticator's code.
            # A code read in the last seconds of its 30 may be stale when it
            # arrives; a person would wait for the next one, and so does this.
            authenticator = pyotp.TOTP(DEMO_AUTHENTICATOR_SECRET)
            if authenticator.interval - time.time() % authenticator.interval < 3:
                time.sleep(3)
            page = self.client.get("/sign-in/code")
            code = authenticator.now()
            self.client.post("/sign-in/code", data={"csrf_token": csrf_token(page.text), "code": code})

    @task(3)
    def queue(self):
        self.client.get("/staff/queue")

    @task(1)
    def queue_page_two(self):
        self.client.get("/staff/queue?page=2", name="/staff/queue?page=2")

    @task(1)
    def households(self):
        self.client.get("/staff/households")


class EventBooker(HttpUser):
    """Books an information event without an account, 15 times a minute (3 requests each)."""

    fixed_count = 1
    wait_time = constant_throughput(BOOKINGS_PER_SECOND)

    @task
    def book(self):
        listing = self.client.get("/events")
        ids = EVENT_LINK.findall(listing.text)
        if not ids:
            return
        url = f"/events/{ids[0]}"
        form = self.client.get(url, name="/events/<id>")
        with self.client.post(
            url,
            name="/events/<id> (book)",
            data={
                "csrf_token": csrf_token(form.text),
                "full_name": "Load Test",
                "email": f"load-{uuid.uuid4().hex[:12]}@example.com",
            },
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
            else:
                response.failure(f"booking answered {response.status_code}")
