"""Records of the Reconcile stage: stories, their members, and the reasons for each merge."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field

from sitrep.records import Record

StoryKind = Literal["event", "figure"]
MemberKey = tuple[str, int]
"""An item of an analysis: (article id, index in `Analysis.events` or `Analysis.figures`)."""
FieldValue = str | bool


class Merge(Record):
    """One grouping decision: item `b` joined the story of `a`, because of `fields`.

    `a` is the member of the story that `b` resembles most; `fields` says which fields matched
    and how (`{"type": "ASSAULT", "actor": "UKR", "date": "2025-01 ⊇ 2025-01-09"}`); `score`
    is the mean agreement of `b` with all members of the story at the time of the merge.
    """

    a: MemberKey
    b: MemberKey
    fields: dict[str, FieldValue]
    score: float


class Story(Record):
    """Events that report the same happening, or figures about the same quantity."""

    id: str
    kind: StoryKind
    members: list[MemberKey]
    reasons: list[Merge] = Field(default_factory=list)


@dataclass(frozen=True)
class Comparison:
    """How far two items agree: whether they may share a story, a score and the evidence.

    When `compatible` is false, `fields["blocked"]` names the field that keeps them apart.
    """

    compatible: bool
    score: float
    fields: dict[str, FieldValue] = field(default_factory=dict)
    points: dict[str, float] = field(default_factory=dict)
    """What each field added to `score`; a merge stores them as text (`points_text`)."""


def points_text(points: dict[str, float]) -> str:
    """What each field added to a comparison's score ("actor 1.00, date 0.80, ..."), so a
    stored decision shows how its score was reached, not only which fields matched."""
    return ", ".join(f"{name} {value:.2f}" for name, value in points.items() if value)


def blocked(reason: str) -> Comparison:
    """Two items that cannot share a story, and why."""
    return Comparison(False, 0.0, {"blocked": reason})


def story_id(kind: StoryKind, first: MemberKey, salt: int = 0) -> str:
    """A story's id, from a hash of its earliest member: `ev-1a2b3c4d` or `fig-1a2b3c4d`.

    `salt` gives another id for the same member, for when the first is taken (a re-analysed
    article whose item starts a new story while its old story lives on under the old id).
    """
    prefix = "ev" if kind == "event" else "fig"
    seed = f"{kind}:{first[0]}:{first[1]}" + (f":{salt}" if salt else "")
    digest = hashlib.sha1(seed.encode()).hexdigest()
    return f"{prefix}-{digest[:8]}"
