"""Templates are strict: a name no view passed, or an attribute a record does
not have, raises as soon as a template uses it (Jinja's StrictUndefined), so a
typo fails a test instead of printing nothing.

GOV.UK Frontend's Jinja templates are written, like their Nunjucks originals,
for lenient undefined, and that leniency stays for what they rely on: a key
left out of a dict of parameters (``params.classes``), the Nunjucks literals
``undefined`` and ``null`` read as names, a macro's locals set on one branch
only, the page template's options no page here sets, and the ``caller`` of a
macro called without a call block. A form's ``csrf_token`` is absent only
where CSRF protection is off (the tests)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from flask_wtf import FlaskForm
from jinja2 import Undefined
from jinja2.utils import missing

# tests/unit/test_strict_templates.py checks this against the names GOV.UK
# Frontend's templates read without declaring, so an upgrade that adds one fails.
GOVUK_OPTIONAL_NAMES = frozenset(
    {
        # Nunjucks literals and Jinja's caller
        "undefined",
        "null",
        "caller",
        # the locals of a macro, set on one branch only
        "dateInputItems",
        "effectiveValue",
        "errorId",
        "hasHint",
        "hintId",
        "isChecked",
        "itemDescribedBy",
        "itemHintId",
        "labelHtml",
        "listClasses",
        "successBanner",
        "typeClass",
        # the page template's options (templates/base.html sets the others)
        "assetUrl",
        "bodyClasses",
        "containerAttributes",
        "containerClasses",
        "htmlClasses",
        "mainAttributes",
        "mainClasses",
        "mainLang",
        "opengraphImageUrl",
        "pageTitleLang",
    }
)


class PortalUndefined(Undefined):
    """Jinja's StrictUndefined (whose eight methods it redefines), lenient
    where GOV.UK Frontend's templates need it."""

    __slots__ = ()

    def _is_optional(self) -> bool:
        owner, name = self._undefined_obj, self._undefined_name
        if isinstance(owner, Mapping):
            return True
        if isinstance(owner, FlaskForm):
            return name == "csrf_token"
        return owner is missing and name in GOVUK_OPTIONAL_NAMES

    def _unless_optional(self) -> None:
        if not self._is_optional():
            self._fail_with_undefined_error()

    def __str__(self) -> str:
        self._unless_optional()
        return super().__str__()

    def __iter__(self) -> Iterator[Any]:
        self._unless_optional()
        return super().__iter__()

    def __len__(self) -> int:
        self._unless_optional()
        return super().__len__()

    def __bool__(self) -> bool:
        self._unless_optional()
        return super().__bool__()

    def __eq__(self, other: Any) -> bool:
        self._unless_optional()
        return super().__eq__(other)

    def __ne__(self, other: Any) -> bool:
        self._unless_optional()
        return super().__ne__(other)

    def __hash__(self) -> int:
        self._unless_optional()
        return super().__hash__()

    def __contains__(self, item: Any) -> bool:
        self._unless_optional()
        return False
