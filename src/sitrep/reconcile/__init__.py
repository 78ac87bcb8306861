"""Reconcile stage: group reports of the same event or figure from many articles into stories."""

from __future__ import annotations

from sitrep.reconcile.model import Comparison, MemberKey, Merge, Story, StoryKind, story_id
from sitrep.reconcile.stories import (
    Assignment,
    Constraints,
    Decision,
    ReconcileOptions,
    StoryIndex,
    assign_stories,
    items_of,
)

__all__ = [
    "Assignment",
    "Comparison",
    "Constraints",
    "Decision",
    "MemberKey",
    "Merge",
    "ReconcileOptions",
    "Story",
    "StoryIndex",
    "StoryKind",
    "assign_stories",
    "items_of",
    "story_id",
]
