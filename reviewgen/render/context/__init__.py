"""The typed render contexts handed to the Jinja templates: one import for all of them.

Each document kind has one frozen context type; templates read attributes, never dicts:

- :class:`PacketContext` (employee edition) and :class:`ManagerPacketContext` (manager edition:
  adds ``coaching`` and ``findings``), built by :func:`build_packet_context`;
- :class:`ScorecardContext` (a manager's team, a department or the company), built by
  :func:`build_scorecard_context`;
- :class:`OnePagerContext`, built by :func:`build_onepager_context`;
- :class:`HandoutContext` (one per department, a 90-minute workshop), built by :func:`build_handout_context`.

Every builder takes the workbook and the :class:`reviewgen.score.scores.Scores` computed once for the
build, orders everything deterministically (plan order for objectives, name order for people,
date order for check-ins) and never reads the clock: "today" is the cycle's end date. The
field-by-field description of each type is in its docstring.
"""

from __future__ import annotations

from reviewgen.render.context.breakdown import BreakdownRow, FairnessRow, FairnessTable
from reviewgen.render.context.coaching import CoachingNotes, DiscussionQuestion
from reviewgen.render.context.onepager import (
    BranchObjective,
    KpiRow,
    OnePagerContext,
    build_onepager_context,
    kpi_progress,
)
from reviewgen.render.context.packet import ManagerPacketContext, PacketContext, build_packet_context
from reviewgen.render.context.rows import (
    AlignmentChain,
    CheckInView,
    DevelopmentView,
    GoalRow,
    PersonView,
    ReviewView,
    SignOff,
    TrendPoint,
    ValueRatingRow,
)
from reviewgen.render.context.scorecard import (
    CompletionRow,
    CoverageRow,
    DistributionRow,
    GapRow,
    LookAt,
    RosterGroup,
    RosterRow,
    ScorecardContext,
    build_scorecard_context,
)
from reviewgen.render.context.strategy import (
    AgendaItem,
    GroupProgress,
    HandoutContext,
    LadderItem,
    build_handout_context,
)
from reviewgen.render.context.views import CycleView, FindingView, ObjectiveView, ValueView
from reviewgen.render.filters import text_bar

__all__ = [
    "AgendaItem",
    "AlignmentChain",
    "BranchObjective",
    "BreakdownRow",
    "CheckInView",
    "CoachingNotes",
    "CompletionRow",
    "CoverageRow",
    "CycleView",
    "DevelopmentView",
    "DiscussionQuestion",
    "DistributionRow",
    "FairnessRow",
    "FairnessTable",
    "FindingView",
    "GapRow",
    "GoalRow",
    "GroupProgress",
    "HandoutContext",
    "KpiRow",
    "LadderItem",
    "LookAt",
    "ManagerPacketContext",
    "ObjectiveView",
    "OnePagerContext",
    "PacketContext",
    "PersonView",
    "ReviewView",
    "RosterGroup",
    "RosterRow",
    "ScorecardContext",
    "SignOff",
    "TrendPoint",
    "ValueRatingRow",
    "ValueView",
    "build_handout_context",
    "build_onepager_context",
    "build_packet_context",
    "build_scorecard_context",
    "kpi_progress",
    "text_bar",
]
