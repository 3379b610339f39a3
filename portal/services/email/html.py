"""The HTML part of an email, written from its plain text in the style of GOV.UK
Notify's emails: a black banner with the sender's name, 19px Arial, blue
underlined links, paragraphs and bulleted lists. One text, two parts, so the
two can never say different things."""

from __future__ import annotations

import re
from html import escape

LINK = re.compile(r"https?://[^\s<>\"']+")
BULLET = re.compile(r"^[-*•] +")

FONT = "font-family: Helvetica, Arial, sans-serif; color: #0b0c0c;"
TEXT = "font-size: 19px; line-height: 25px;"
PARAGRAPH = f"margin: 0 0 20px 0; {TEXT} {FONT}"
LINK_STYLE = "color: #1d70b8; text-decoration: underline;"
BANNER_STYLE = f"{FONT} color: #ffffff; font-size: 28px; line-height: 32px; font-weight: bold;"


def _inline(text: str) -> str:
    """Escape the text, turn its web addresses into links and keep its line breaks."""
    pieces, last = [], 0
    for match in LINK.finditer(text):
        url = match.group(0).rstrip(".,;:)")
        end = match.start() + len(url)
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f'<a href="{escape(url)}" style="{LINK_STYLE}">{escape(url)}</a>')
        last = end
    pieces.append(escape(text[last:]))
    return "".join(pieces).replace("\n", "<br>\n")


def _block(block: str) -> str:
    lines = block.split("\n")
    if all(BULLET.match(line) for line in lines):
        items = "".join(
            f'<li style="margin: 5px 0; {TEXT}">{_inline(BULLET.sub("", line))}</li>' for line in lines
        )
        return f'<ul style="margin: 0 0 20px 0; padding-left: 20px; {FONT}">{items}</ul>'
    return f'<p style="{PARAGRAPH}">{_inline(block)}</p>'


def html_body(text: str, *, banner: str) -> str:
    blocks = [block.strip("\n") for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]
    content = "\n".join(_block(block) for block in blocks)
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="margin: 0; padding: 0; background: #ffffff;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse: collapse;">
<tr><td style="background: #0b0c0c; padding: 15px 20px;">
<span style="{BANNER_STYLE}">{escape(banner)}</span>
</td></tr>
<tr><td style="padding: 30px 20px 10px 20px; max-width: 580px;">
{content}
</td></tr>
</table>
</body>
</html>
"""
