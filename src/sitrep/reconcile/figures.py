"""Whether two figures count the same quantity (one series), whatever their values and claimants.

A series is a category (killed, wounded, troops...) of one party's people about one reference:
cumulative North Korean dead, troops deployed in total. Values may differ (estimates change, and
sources disagree) and so may claimants; what splits a series is the category, the party, the
group counted (nine aid workers are not the toll of an attack), an increment ("another 3,000
troops" is not the total deployed) and, for `other` quantities, what is counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sitrep.nlp.cues import BROAD_ROLES, has_increment_cue, role_of, words
from sitrep.reconcile.model import Comparison, FieldValue, MemberKey, blocked
from sitrep.records import Article, Figure

SERIES_WINDOW_DAYS = 400
"""Reports of one series are published at most this far apart (a war's cumulative tolls are
revised over months; beyond a year a figure is more likely about another phase or conflict)."""

INCREMENT_WINDOW_DAYS = 60
"""Increments ("another 3,000") months apart are different waves, so different references."""

INCREMENT_CATEGORIES = frozenset({"troops"})
"""Categories where "another" or "more" makes a new reference (a new contingent). For the dead
and wounded "another 1,000 wounded" adds a category to a toll, not a new reference."""

_BEFORE_WORDS = 3
_AFTER_WORDS = 4
_CLAUSE_END = ".;:()\n,"


@dataclass(frozen=True)
class FigureItem:
    """A figure with what grouping compares, computed once."""

    key: MemberKey
    figure: Figure
    published: date | None
    actors: frozenset[str]
    role: str | None
    increment: bool
    counted: str | None
    """For `other` figures, the first word after the number (containers, shells, drones)."""


def _clause_words(text: str, start: int, end: int) -> tuple[list[str], list[str]]:
    """Words shortly before and after `text[start:end]`, without crossing a clause boundary."""
    left = text[max(0, start - 80) : start]
    right = text[end : end + 80]
    for mark in _CLAUSE_END:
        left = left.rsplit(mark, 1)[-1]
        right = right.split(mark, 1)[0]
    return words(left)[-_BEFORE_WORDS:], words(right)[:_AFTER_WORDS]


def figure_item(article: Article, published: date | None, index: int, figure: Figure) -> FigureItem:
    """The comparable form of figure `index` of `article`."""
    text = article.text
    span = figure.number
    if text[span.start : span.end] == span.text:
        before, after = _clause_words(text, span.start, span.end)
    else:
        before, after = [], words(figure.evidence.text)[:_AFTER_WORDS]
    number_words = words(span.text)
    increment = figure.category in INCREMENT_CATEGORIES and has_increment_cue(
        [*before, *number_words, *after]
    )
    return FigureItem(
        key=(article.id, index),
        figure=figure,
        published=published,
        actors=frozenset(code.upper() for code in figure.actor),
        role=role_of([*number_words, *after]),
        increment=increment,
        counted=after[0] if figure.category == "other" and after else None,
    )


def index_keys(item: FigureItem) -> list[tuple[str, str, str, str]]:
    """Keys under which the figure's series is found: (kind, category, actor code, "")."""
    return [("figure", item.figure.category, code, "") for code in sorted(item.actors)]


def _roles_agree(a: str | None, b: str | None) -> bool:
    if a == b:
        return True
    # An unqualified count ("100 killed") may be the broad group, but never a subgroup.
    return (a is None and b in BROAD_ROLES) or (b is None and a in BROAD_ROLES)


def compare_figures(a: FigureItem, b: FigureItem) -> Comparison:
    """How far figures `a` and `b` agree on counting the same quantity."""
    fa, fb = a.figure, b.figure
    if fa.category != fb.category:
        return blocked("category")
    shared = a.actors & b.actors
    if not shared or a.actors != b.actors:
        # A series counts one party's people: "50,000 Russian and North Korean troops" is a
        # combined force, not a count of the North Korean contingent.
        return blocked("actor")
    if not _roles_agree(a.role, b.role):
        return blocked("role")
    if a.increment != b.increment:
        return blocked("increment")
    if fa.category == "other" and (a.counted is None or a.counted != b.counted):
        return blocked("counted")
    fields: dict[str, FieldValue] = {"category": fa.category, "actor": ",".join(sorted(shared))}
    points: dict[str, float] = {"actor": len(shared) / len(a.actors | b.actors)}
    if a.published is not None and b.published is not None:
        gap = abs((a.published - b.published).days)
        if gap > (INCREMENT_WINDOW_DAYS if a.increment else SERIES_WINDOW_DAYS):
            return blocked("published")
        fields["published"] = f"{gap} days apart"
        points["published"] = 0.5 * (1 - gap / SERIES_WINDOW_DAYS)
    if a.role is not None and a.role == b.role:
        fields["role"] = a.role
        points["role"] = 0.5
    if a.increment:
        fields["increment"] = True
    if fa.value == fb.value and fa.value_max == fb.value_max:
        fields["value"] = True
        points["value"] = 0.5
    claimants_a, claimants_b = set(fa.claimant or ()), set(fb.claimant or ())
    if claimants_a & claimants_b:
        fields["claimant"] = ",".join(sorted(claimants_a & claimants_b))
        points["claimant"] = 0.3
    return Comparison(True, round(sum(points.values()), 3), fields, points)
