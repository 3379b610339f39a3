"""When each scheduled job last ran, so the deployment check can tell
whether the timer that runs them is working."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base


class JobRun(Base):
    """One row per job name, overwritten at each run."""

    __tablename__ = "job_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    last_finished_at: Mapped[datetime]
