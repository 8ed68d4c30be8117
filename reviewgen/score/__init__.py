"""Stage 3, score: goal progress, ratings and roll-ups, computed once per build."""

from __future__ import annotations

from reviewgen.score.scores import PersonScore, Scores, score_all

__all__ = ["PersonScore", "Scores", "score_all"]
