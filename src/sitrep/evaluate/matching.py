"""The primitives of FORMAT.md's matching rules: spans, codes, numbers, places and speakers."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sitrep.nlp.lexicon import read_lines

Item = Mapping[str, Any]

KM_ACCURATE = 161.0
"""Geocoding tolerance: 100 miles, the usual 'accuracy@161 km' of geoparsing papers."""
EARTH_RADIUS_KM = 6371.0088

PRONOUNS = frozenset(
    {
        *("he", "she", "they", "it", "who", "we", "i", "you", "him", "her", "them"),
        *("which", "that", "whom", "us", "me", "himself", "herself", "themselves"),
    }
)
"""A gold speaker made only of these words matches any predicted speaker (FORMAT.md)."""


def prf(tp: int, fp: int, fn: int) -> tuple[float | None, float | None, float | None]:
    """Precision, recall and F1; None where the denominator is zero."""
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None
    return p, r, f


def f1_of(p: float | None, r: float | None) -> float | None:
    """Harmonic mean of precision and recall; None when either is unknown."""
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def fold(value: Any) -> str:
    """Case-folded text with runs of whitespace collapsed; '' for None."""
    return " ".join(str(value).split()).casefold() if value is not None else ""


def codes(values: Any) -> frozenset[str]:
    """A code list as a set of folded codes (codes compare case-insensitively)."""
    if not values:
        return frozenset()
    if isinstance(values, str):
        values = [values]
    return frozenset(fold(v) for v in values if v is not None and fold(v))


def codes_intersect(gold: Any, pred: Any) -> bool:
    """Code lists agree when they share a code; two empty lists agree too (nobody known)."""
    g, p = codes(gold), codes(pred)
    return bool(g & p) if g or p else True


def offsets(item: Item, start: str = "start", end: str = "end") -> tuple[int, int] | None:
    """The (start, end) offsets of an item, or None when it has none."""
    s, e = item.get(start), item.get(end)
    if isinstance(s, int) and isinstance(e, int) and not isinstance(s, bool):
        return s, e
    return None


def overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    """True when two spans share a character (identical empty spans count as overlapping)."""
    if a is None or b is None:
        return False
    return (a[0] < b[1] and b[0] < a[1]) or a == b


def same_number(a: Any, b: Any) -> bool:
    """Numeric equality; two missing values are equal, one missing value is not."""
    if a is None or b is None:
        return a is None and b is None
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def greedy_match(
    n_gold: int,
    n_pred: int,
    matches: Callable[[int, int], bool],
    prefer: Callable[[int, int], bool] | None = None,
) -> list[tuple[int, int]]:
    """One-to-one greedy matching in document order: pairs of (gold index, predicted index).

    Each gold item takes the first unmatched prediction that `matches` it; with `prefer`,
    the first unmatched matching prediction that is also preferred, if there is one.
    """
    free = list(range(n_pred))
    pairs: list[tuple[int, int]] = []
    for g in range(n_gold):
        chosen: int | None = None
        fallback: int | None = None
        for j in free:
            if not matches(g, j):
                continue
            if prefer is None or prefer(g, j):
                chosen = j
                break
            if fallback is None:
                fallback = j
        if chosen is None:
            chosen = fallback
        if chosen is not None:
            free.remove(chosen)
            pairs.append((g, chosen))
    return pairs


# --- speakers --------------------------------------------------------------------------------


@cache
def stopwords() -> frozenset[str]:
    """Words that do not identify a speaker (`sitrep/data/eval_stopwords.txt`)."""
    return frozenset(read_lines("eval_stopwords.txt"))


_WORD = re.compile(r"[^\W_]+(?:\.[^\W_]+)*\.?")


def speaker_words(speaker: str) -> list[str]:
    """Lower-case words of a speaker, abbreviations joined ('U.S.' -> 'us'), initials dropped."""
    words = (w.replace(".", "") for w in _WORD.findall(speaker.casefold()))
    return [w for w in words if len(w) > 1 or w == "i"]


def is_pronoun(speaker: str) -> bool:
    """True for a speaker that is only a pronoun ('he', 'who', 'They')."""
    words = speaker_words(speaker)
    return bool(words) and all(w in PRONOUNS for w in words)


def _phrase(text: str) -> str:
    return " ".join(speaker_words(text)) or fold(text)


@dataclass(frozen=True)
class Speaker:
    """A speaker prepared for matching: its words as a phrase, its content words, its aliases."""

    phrase: str
    words: frozenset[str]
    aliases: frozenset[str]
    pronoun: bool

    @classmethod
    def of(cls, item: Item) -> Speaker:
        raw = str(item.get("speaker") or "")
        words = frozenset(speaker_words(raw)) - stopwords()
        aliases = frozenset(_phrase(str(a)) for a in item.get("speaker_aliases") or () if a)
        return cls(_phrase(raw), words, aliases - {""}, is_pronoun(raw))


def speakers_match(gold: Speaker, pred: Speaker) -> bool:
    """FORMAT.md's speaker rule: pronoun gold, containment, a shared word, or an alias.

    Containment is by whole words ('Trump' is in 'Mr. Trump', 'he' is not in 'Chen').
    """
    if gold.pronoun or gold.phrase == pred.phrase:
        return True
    if not gold.phrase or not pred.phrase:
        return False
    g, p = f" {gold.phrase} ", f" {pred.phrase} "
    if g in p or p in g:
        return True
    if gold.words & pred.words:
        return True
    return pred.phrase in gold.aliases or gold.phrase in pred.aliases


def pairs_across(groups: Mapping[Any, Counter[str]]) -> int:
    """Pairs of items in the same group that come from different documents."""
    total = 0
    for per_doc in groups.values():
        n = sum(per_doc.values())
        total += n * (n - 1) // 2 - sum(k * (k - 1) // 2 for k in per_doc.values())
    return total
