"""Subject access and erasure for a household and its adults.

:func:`export` gathers everything the portal holds about them into a zip of
JSON and CSV files. :func:`erase` removes their personal details and keeps
the dates, councils, stages, statuses and outcomes the annual report counts,
so every figure is the same afterwards. Survey answers are never touched or
exported: they hold no link to anyone.
"""

from portal.services.subject_access.erasure import erase
from portal.services.subject_access.exporting import export

__all__ = [
    "erase",
    "export",
]
