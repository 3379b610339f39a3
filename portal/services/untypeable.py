"""Characters no one types: control characters but tab and line breaks, and
the Unicode noncharacters. PostgreSQL cannot store a NUL, and none can be
echoed into a page as valid HTML, so forms (portal/__init__.py) and imported
spreadsheets (services/imports) refuse them."""

from __future__ import annotations

import re

UNTYPEABLE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
