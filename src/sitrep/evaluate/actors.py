"""Recall of actors: which gold actor codes of a document sitrep resolved anywhere in it.

Issue #4 asks how many of the actors the annotators coded in a document's figures (actor,
claimant), events (actor, recipient) and attributions (speaker_country) appear among the
codes of the actor mentions sitrep resolved in that document. A code missing there cannot
reach a figure or an event, so this bounds what those layers can match. Only recall is
measured: the gold names the actors of its items, not every actor a report mentions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sitrep.evaluate.matching import codes, fold

ACTOR_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("figures", ("actor", "claimant")),
    ("events", ("actor", "recipient")),
    ("attributions", ("speaker_country",)),
)
"""The gold layers that carry actor codes, and their fields that hold them."""


@dataclass(frozen=True)
class ActorRecall:
    """The gold actor codes of one document (as the gold spells them), split into those
    sitrep resolved and the rest."""

    found: frozenset[str]
    missed: frozenset[str]

    @property
    def recall(self) -> float | None:
        total = len(self.found) + len(self.missed)
        return len(self.found) / total if total else None


def has_actor_layers(gold: Mapping[str, Any]) -> bool:
    """True when the gold document annotates a layer that carries actor codes."""
    return any(isinstance(gold.get(layer), list) for layer, _ in ACTOR_FIELDS)


def gold_actor_codes(gold: Mapping[str, Any]) -> dict[str, str]:
    """The actor codes of a document's figures, events and attributions: folded code → the
    first spelling met."""
    found: dict[str, str] = {}
    for layer, keys in ACTOR_FIELDS:
        for item in gold.get(layer) or []:
            if not isinstance(item, Mapping):
                continue
            for key in keys:
                values = item.get(key)
                for value in [values] if isinstance(values, str) else values or []:
                    if isinstance(value, str) and fold(value):
                        found.setdefault(fold(value), value.strip())
    return found


def predicted_actor_codes(pred: Mapping[str, Any]) -> frozenset[str]:
    """The folded codes of the actor mentions in a prediction (its `actors` list)."""
    return codes([m.get("code") for m in pred.get("actors") or [] if isinstance(m, Mapping)])


def actor_recall(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> ActorRecall | None:
    """The document's actor recall; None when its gold has no layer with actor codes, or the
    prediction lists no resolved actors at all (another system's file, or a gold file scored
    against itself: `actors` is sitrep's addition to the format, not one of its layers)."""
    if not has_actor_layers(gold) or not isinstance(pred.get("actors"), list):
        return None
    wanted = gold_actor_codes(gold)
    resolved = predicted_actor_codes(pred)
    return ActorRecall(
        found=frozenset(code for key, code in wanted.items() if key in resolved),
        missed=frozenset(code for key, code in wanted.items() if key not in resolved),
    )
