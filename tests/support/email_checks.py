"""Every email a test causes is checked as a mail client would read it when it
leaves: it parses, is dated, has a Message-ID on the sending domain, a plain
text and an HTML part saying the same, only absolute links, a calendar file
a client can act on, and List-Unsubscribe exactly when the email is optional
(with one-click POST when the email carries its own link to turn it off)."""

from __future__ import annotations

import email
import re
from email import policy
from email.utils import parseaddr, parsedate_to_datetime

from portal.models import OutboxMessage
from portal.services.email import EMAILS, build_mime

LINK = re.compile(r"https?://[^\s<>\"']+")


class EmailProblem(AssertionError):
    pass


def check_email(raw: bytes, *, template: str, sender: str, base_url: str) -> None:
    parsed = email.message_from_bytes(raw, policy=policy.default)
    where = f"the {template} email"
    if parsed.defects:
        raise EmailProblem(f"{where} does not parse cleanly: {parsed.defects}")
    if parsed["Date"] is None or parsedate_to_datetime(parsed["Date"]).tzinfo is None:
        raise EmailProblem(f"{where} has no Date")
    domain = parseaddr(sender)[1].rpartition("@")[2]
    if not re.fullmatch(rf"<[^@<>\s]+@{re.escape(domain)}>", parsed["Message-ID"] or ""):
        raise EmailProblem(f"{where} has Message-ID {parsed['Message-ID']!r}, not on {domain}")
    text = parsed.get_body(preferencelist=("plain",))
    html = parsed.get_body(preferencelist=("html",))
    if text is None or html is None:
        raise EmailProblem(f"{where} lacks a plain-text or an HTML part")
    body = text.get_content()
    for link in LINK.findall(body):
        if link.rstrip(".,;:)") not in html.get_content():
            raise EmailProblem(f"{where}: the link {link} is in the text but not the HTML")
    if re.search(r"^\s*/[\w-]", body, re.MULTILINE):
        raise EmailProblem(f"{where} has a relative link, which no mail client can follow")
    if re.search(r'href="(?!https?://)', html.get_content()):
        raise EmailProblem(f"{where} has a relative link in its HTML part")
    _check_unsubscribe(parsed, where, EMAILS[template], base_url, body)
    for part in parsed.walk():
        calendar = part.get_content_type() == "text/calendar"
        if calendar and (not part.get_param("method") or part.get_content_charset() != "utf-8"):
            raise EmailProblem(f"{where}: its calendar file has no method or charset on its content type")


def _check_unsubscribe(parsed, where: str, spec, base_url: str, body: str) -> None:
    """List-Unsubscribe exactly when the email is optional: the page that turns
    it off; or, for an email with a link of its own, that link (also in its
    text) with one-click POST (RFC 8058), and a mailto only to the team inbox."""
    unsubscribe, one_click = parsed["List-Unsubscribe"], parsed["List-Unsubscribe-Post"]
    if spec.turned_off_by_own_link:
        links = re.findall(r"<([^<>]+)>", unsubscribe or "")
        own = [link for link in links if link.startswith(f"{base_url}/")]
        mailto = [link for link in links if link.startswith("mailto:")]
        if len(own) != 1 or own[0] not in body or len(links) != len(own) + len(mailto):
            raise EmailProblem(f"{where}: List-Unsubscribe {unsubscribe!r} is not its own link in its text")
        if one_click != "List-Unsubscribe=One-Click":
            raise EmailProblem(f"{where} has List-Unsubscribe-Post {one_click!r}, not one-click")
        team_inbox = parsed["Reply-To"]
        if [link.partition("?")[0] for link in mailto] != ([f"mailto:{team_inbox}"] if team_inbox else []):
            raise EmailProblem(f"{where}: its mailto unsubscribe {mailto!r} is not to the team inbox")
        return
    if one_click:
        raise EmailProblem(f"{where} offers one-click unsubscribe without a link of its own")
    optional = spec.turned_off_at
    if optional and unsubscribe != f"<{base_url}{optional}>":
        raise EmailProblem(f"{where} is optional but its List-Unsubscribe is {unsubscribe!r}")
    if not optional and unsubscribe:
        raise EmailProblem(f"{where} is not optional but offers List-Unsubscribe")


def check_every_email_in_the_outbox(app, messages: list[OutboxMessage]) -> None:
    sender, base_url = app.config["EMAIL_FROM"], app.config["BASE_URL"]
    for message in messages:
        raw = bytes(build_mime(message, sender, base_url))
        check_email(raw, template=message.template, sender=sender, base_url=base_url)
