"""The build: which documents a cycle gets (plan) and rendering them into an atomic output folder (runner)."""

from __future__ import annotations

from reviewgen.build.plan import DocumentJob, Selection, plan_documents
from reviewgen.build.runner import run_jobs

__all__ = ["DocumentJob", "Selection", "plan_documents", "run_jobs"]
