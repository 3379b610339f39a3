"""Financial years run from 1 April to 31 March; the agency reports by them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, order=True)
class FinancialYear:
    start_year: int

    @property
    def start(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def end(self) -> date:
        """The last day of the year, 31 March."""
        return date(self.start_year + 1, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def previous(self) -> FinancialYear:
        return FinancialYear(self.start_year - 1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @classmethod
    def containing(cls, day: date) -> FinancialYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def parse(cls, label: str) -> FinancialYear:
        """'2024/25' or '2024' to the year starting April 2024."""
        first = label.split("/")[0]
        if not (first.isascii() and first.isdigit()) or len(first) != 4:
            raise ValueError(f"not a financial year: {label!r}")
        year = cls(int(first))
        if "/" in label and label != year.label:
            raise ValueError(f"not a financial year: {label!r}")
        return year
