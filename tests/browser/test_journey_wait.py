"""The wait between Stage 1 and Stage 2, walked as the applicant and their
social worker do it: the day the break ends, the whole journey, "we are
ready to start Stage 2" and the item it raises.

The applicant is the demo's Jordan Reed (applicant.medway@...), between
stages since 120 days before the demo was seeded; no other browser test
uses them. Every page visited is checked with axe-core.
"""

from __future__ import annotations

import re

from .journeys import path_of, submit, success_banner

APPLICANT = "applicant.medway@demo.adoption-portal.example"
HOUSEHOLD = "Jordan Reed"
SOCIAL_WORKER = "social.worker@demo.adoption-portal.example"


def test_an_applicant_between_stages_sees_when_the_break_ends_and_says_they_are_ready(
    page, new_page, sign_in, accessible
):
    sign_in(page, APPLICANT)
    page.goto("/account")
    break_row = page.locator(".govuk-summary-list__row", has=page.locator("dt", has_text="Your break ends"))
    assert re.fullmatch(r"\d{1,2} \w+ \d{4}", break_row.locator("dd").inner_text().strip())
    accessible(page, "/account between stages")

    with page.expect_navigation():
        page.get_by_role("link", name="See your whole journey").click()
    assert path_of(page) == "/account/journey"
    assert page.locator("h1").inner_text() == "Your adoption journey"
    steps = [" ".join(h.inner_text().split()) for h in page.locator("main ol h2").all()]
    assert steps[:4] == [
        "Enquiry Done",
        "Stage 1 Done",
        "Break between stages You are here",
        "Stage 2 To come",
    ]
    accessible(page, "/account/journey")

    page.goto("/account")
    submit(page, "We are ready to start Stage 2", expect_status=200)
    assert "Your social worker will be in touch" in success_banner(page).inner_text()
    assert "that you are ready to start Stage 2" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="We are ready to start Stage 2").count() == 0
    accessible(page, "/account after saying we are ready")

    # The social worker finds the item in the queue.
    staff = new_page()
    sign_in(staff, SOCIAL_WORKER)
    staff.goto("/staff/queue?kind=stage_two_ready")
    accessible(staff, "/staff/queue of households ready for Stage 2")
    link = staff.locator("main a", has_text=re.compile(r"^RDY-\d{4}-\d{5}$")).first
    reference = link.inner_text().strip()
    with staff.expect_navigation():
        link.click()
    assert staff.locator(".govuk-caption-l").inner_text().strip() == reference
    accessible(staff, "a ready-for-Stage-2 item")
