"""Agreement and conflict within a figure series: range, independent sources, conflicts, sums.

Pure functions over `Claim`s (one figure with its provenance). Nothing is averaged: a conflict
is reported as the two claims side by side, and a claim's value is read as the interval its
qualifier allows ("more than 300" is 300 or more; "about 300" is within `APPROX_TOLERANCE`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sitrep.reconcile.model import MemberKey, Story
from sitrep.records import Analysis, Article, Figure

APPROX_TOLERANCE = 0.1
"""'about 300' covers 270..330: the rounding newsrooms apply to estimates."""

CONFLICT_WINDOW_DAYS = 14
"""Claims published this close together describe the same moment; further apart, a different
value is an update (an estimate that grew), not a conflict."""

SUM_TOLERANCE = 0.1
"""killed + wounded may differ from a casualty total by this share and still agree with it."""


@dataclass(frozen=True)
class Claim:
    """One figure of a series and where it came from."""

    key: MemberKey
    category: str
    value: float
    value_max: float | None
    qualifier: str
    actor: tuple[str, ...]
    claimant: tuple[str, ...] | None
    outlet: str | None
    published: date | None
    evidence: str

    @property
    def bounds(self) -> tuple[float, float]:
        """The values the claim allows, as a closed interval."""
        if self.qualifier == "at_least":
            return self.value, float("inf")
        if self.qualifier == "at_most":
            return 0.0, self.value
        if self.qualifier == "range" and self.value_max is not None:
            return self.value, self.value_max
        if self.qualifier == "approx":
            return self.value * (1 - APPROX_TOLERANCE), self.value * (1 + APPROX_TOLERANCE)
        return self.value, self.value

    def sources(self) -> frozenset[str]:
        """Who stands behind the claim: its claimants, or the outlet when the report asserts it."""
        if self.claimant:
            return frozenset(code.upper() for code in self.claimant)
        return frozenset({f"outlet:{self.outlet or self.key[0]}"})


@dataclass(frozen=True)
class Conflict:
    """Two claims about the same quantity at the same time whose values cannot both be true."""

    a: Claim
    b: Claim


@dataclass(frozen=True)
class Breakdown:
    """Separate killed and wounded claims that add up to a casualty claim (they agree)."""

    killed: Claim
    wounded: Claim
    casualties: Claim


def claim_of(article: Article, analysis: Analysis, index: int) -> Claim:
    """The claim made by figure `index` of an analysed article."""
    published = analysis.published or article.published
    return figure_claim((article.id, index), analysis.figures[index], article.outlet, published)


def figure_claim(
    key: tuple[str, int], figure: Figure, outlet: str | None, published: date | None
) -> Claim:
    """The claim a figure makes, reported by `outlet` on `published`."""
    return Claim(
        key=key,
        category=figure.category,
        value=figure.value,
        value_max=figure.value_max,
        qualifier=figure.qualifier,
        actor=tuple(figure.actor),
        claimant=tuple(figure.claimant) if figure.claimant is not None else None,
        outlet=outlet,
        published=published,
        evidence=figure.evidence.text,
    )


def claims_of(story: Story, analysed: Sequence[tuple[Article, Analysis]]) -> list[Claim]:
    """The claims of a figure story, in time order."""
    by_id = {article.id: (article, analysis) for article, analysis in analysed}
    return timeline(claim_of(*by_id[article_id], index) for article_id, index in story.members)


def timeline(claims: Iterable[Claim]) -> list[Claim]:
    """Claims ordered by publication date (undated last), then article and position."""
    return sorted(claims, key=lambda c: (c.published is None, c.published or date.min, c.key))


def value_range(claims: Iterable[Claim]) -> tuple[float, float] | None:
    """The lowest and highest values claimed (upper bounds of ranges included), or None."""
    values = [v for c in claims for v in (c.value, c.value_max) if v is not None]
    return (min(values), max(values)) if values else None


def independent_sources(claims: Iterable[Claim]) -> list[frozenset[str]]:
    """Groups of sources that stand behind the claims, one group per independent source.

    Claims that share a claimant (the spy agency relayed by ten outlets) are one source, and so
    are claims that share one through a chain (KOR; KOR via Yonhap; Yonhap).
    """
    return join_overlapping(claim.sources() for claim in claims)


def join_overlapping(sources: Iterable[frozenset[str]]) -> list[frozenset[str]]:
    """Sets that share a member, directly or through a chain, joined into one (sorted)."""
    groups: list[set[str]] = []
    for found in sources:
        merged = set(found)
        for group in [g for g in groups if g & merged]:
            merged |= group
            groups.remove(group)
        groups.append(merged)
    return sorted((frozenset(g) for g in groups), key=sorted)


def _same_time(a: Claim, b: Claim, window_days: int) -> bool:
    if a.published is None or b.published is None:
        return False
    return abs((a.published - b.published).days) <= window_days


def _disjoint(a: Claim, b: Claim) -> bool:
    (lo_a, hi_a), (lo_b, hi_b) = a.bounds, b.bounds
    return hi_a < lo_b or hi_b < lo_a


def conflicts(claims: Sequence[Claim], window_days: int = CONFLICT_WINDOW_DAYS) -> list[Conflict]:
    """Pairs of claims of the same category and party, made at the same time, that disagree."""
    ordered = timeline(claims)
    found: list[Conflict] = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if (
                a.category == b.category
                and {x.upper() for x in a.actor} & {x.upper() for x in b.actor}
                and _same_time(a, b, window_days)
                and _disjoint(a, b)
            ):
                found.append(Conflict(a, b))
    return found


def consistent(claims: Sequence[Claim], window_days: int = CONFLICT_WINDOW_DAYS) -> list[Claim]:
    """Claims that conflict with no other claim of the same moment."""
    conflicting = {c.key for pair in conflicts(claims, window_days) for c in (pair.a, pair.b)}
    return [c for c in timeline(claims) if c.key not in conflicting]


def adds_up(killed: Claim, wounded: Claim, casualties: Claim) -> bool:
    """Whether killed + wounded agrees with a casualty total (300 + 2,700 and 'over 3,000')."""
    total = killed.value + wounded.value
    lo, hi = casualties.bounds
    slack = SUM_TOLERANCE * total
    return lo - slack <= total <= hi + slack


def breakdowns(claims: Sequence[Claim], window_days: int = CONFLICT_WINDOW_DAYS) -> list[Breakdown]:
    """Killed and wounded claims (same party, same time) that add up to a casualty claim."""
    by_category: dict[str, list[Claim]] = {}
    for claim in timeline(claims):
        by_category.setdefault(claim.category, []).append(claim)
    found: list[Breakdown] = []
    for total in by_category.get("casualties", []):
        for killed in by_category.get("killed", []):
            for wounded in by_category.get("wounded", []):
                parties = {x.upper() for x in total.actor}
                if not (
                    parties & {x.upper() for x in killed.actor}
                    and parties & {x.upper() for x in wounded.actor}
                ):
                    continue
                if not (
                    _same_time(killed, total, window_days)
                    and _same_time(wounded, total, window_days)
                ):
                    continue
                if adds_up(killed, wounded, total):
                    found.append(Breakdown(killed, wounded, total))
    return found
