"""Cue words that tell which reference a figure or event is about: an increment or a subgroup.

"another 3,000 troops" or "additional troops" count a new contingent, not the total deployed;
"nine aid workers" or "20 children" count a subgroup of the dead, not the toll. The word lists
are short, closed and English-only and are matched as whole lower-case words. Grouping reads
them across reports; the event layer reads the increment cues too, so that "a third
deployment" in one article is not merged into the first (`nlp.event_context`). The words of a
war as a whole and of ground taken are read by both as well: by the event layer to merge and
code mentions, by grouping to tell a war or a completed conquest from the fighting in it.
They sit with the language layers so that the event layer need not import from grouping
(`sitrep.reconcile`), which reads them from here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from sitrep.nlp.numbers import load_number_lexicon

INCREMENT_CUES = frozenset(
    {"additional", "another", "further", "more", "new", "extra", "fresh", "second", "third"}
    | {"fourth", "reinforcement", "reinforcements", "wave", "rotation"}
)
"""Words that make a count an increment ("another 6,000", "3,000 more") rather than a total."""

WAR_WORDS = ("war", "invasion", "invade")
"""Trigger words that name a war as a whole ("its full-scale invasion of Ukraine"), begun on its
own date: not one of the battles fought in it."""

TAKING_VERBS = frozenset({"capture", "seize", "take", "occupy", "overrun", "storm", "wrest"})
"""Verbs of ground taken."""

RECOVERING_VERBS = frozenset({"recapture", "retake", "retook", "regain", "reclaim", "liberate"})
"""Verbs of ground taken back ("retook" as the tagger leaves it, unlemmatised)."""

# "more than 10,000" and "over 10,000" qualify a total; they are not increments.
_NOT_INCREMENT_AFTER = frozenset({"than", "of"})

ROLES: dict[str, str] = {
    **dict.fromkeys(
        (
            *("soldier", "soldiers", "troop", "troops", "fighter", "fighters", "servicemen"),
            *("serviceman", "personnel", "officers", "marines", "militants", "combatants"),
        ),
        "military",
    ),
    **dict.fromkeys(("civilian", "civilians", "residents", "villagers"), "civilian"),
    **dict.fromkeys(("children", "child", "minors", "boys", "girls"), "children"),
    **dict.fromkeys(("women",), "women"),
    # Combat engineers clear mines and build defences under fire: they are the sappers, a
    # contingent of their own beside the builders and labourers sent for construction work.
    **dict.fromkeys(("engineers", "engineer", "sappers", "sapper", "deminers"), "sappers"),
    **dict.fromkeys(
        ("builders", "builder", "labourers", "laborers", "workers", "construction"), "builders"
    ),
    **dict.fromkeys(
        ("humanitarian", "aid", "staff", "doctors", "nurses", "medics", "paramedics"),
        "aid workers",
    ),
    **dict.fromkeys(("journalists", "reporters", "journalist"), "journalists"),
    **dict.fromkeys(("police", "policemen", "policeman"), "police"),
}
"""Nouns near a count -> the group counted. `military` and `civilian` are the broad groups;
the others are subgroups that form a reference of their own."""

BROAD_ROLES = frozenset({"military", "civilian"})

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "and",
        "or",
        "but",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "its",
        "it",
        "their",
        "his",
        "her",
        "they",
        "he",
        "she",
        "this",
        "that",
        "these",
        "those",
        "which",
        "who",
        "whom",
        "whose",
        "also",
        "than",
        "into",
        "over",
        "after",
        "before",
        "about",
        "said",
        "says",
        "say",
        "according",
        "would",
        "could",
        "will",
        "may",
        "might",
        "not",
        "no",
        "its",
        "some",
        "any",
        "all",
        "more",
        "most",
        "other",
        "such",
        "there",
        "here",
        "when",
        "where",
        "while",
        "then",
        "so",
    ]
)
"""Function words left out when comparing the words of two pieces of evidence."""

_WORD = re.compile(r"[a-z]+")
_WORD_OR_NUMBER = re.compile(r"[a-z]+|\d[\d,.]*")


def words(text: str) -> list[str]:
    """Lower-case alphabetic words of a text, in order."""
    return _WORD.findall(text.lower())


def tokens(text: str) -> list[str]:
    """Lower-case words and numbers of a text, in order: a number between a cue and a noun keeps
    them apart ("another 1,000 were injured" counts more people, it tells of no new injuring)."""
    return _WORD_OR_NUMBER.findall(text.lower())


DEPLOYMENT_HEADS = frozenset(
    {"deployment", "deployments", "troop", "contingent", "wave", "units", "forces", "batch"}
    | {word for word, role in ROLES.items() if role in {"military", "sappers", "builders"}}
)
"""Nouns an increment cue must qualify in an event's evidence: "additional troops", not
"a new missile"."""

EVENT_HEADS = frozenset(
    {"attack", "attacks", "offensive", "offensives", "strike", "strikes", "assault", "assaults"}
    | {"raid", "raids", "operation", "operations", "round", "wave", "push", "battle", "battles"}
    | {"deployment", "deployments", "test", "tests", "launch", "launches", "package", "talks"}
)
"""Event nouns a novelty cue may qualify besides the trigger itself ("launched a new offensive",
"another round of talks"): a new happening, not more of one already reported."""

_HEAD_REACH = 3


@cache
def _count_words() -> frozenset[str]:
    """Words that count people before "more" ("a few more", "thousands more"), like a number:
    the number words of the figure layer, vague amounts included."""
    return frozenset(load_number_lexicon(totals=True).words)


def _counted_more(seq: list[str], i: int) -> bool:
    """'3,000 more had been dispatched', 'thousands more': a count before "more" stands for the
    people counted, so no noun needs to follow."""
    before = seq[i - 1] if i > 0 else ""
    return seq[i] == "more" and (before[:1].isdigit() or before in _count_words())


def has_increment_cue(
    tokens: Iterable[str], heads: frozenset[str] | None = None, *, counts: bool = True
) -> bool:
    """True when a word of `tokens` marks an increment ("another", "3,000 more troops").

    With `heads`, the cue counts only when one of them follows within three words (or precedes
    it by one: "troops more"), or when a count stands before "more" ("3,000 more were sent").
    Without `counts`, a cue followed by a number is left out: it adds to a count ("another 1,000
    were wounded"), which is no new happening.
    """
    seq = list(tokens)
    for i, word in enumerate(seq):
        if word not in INCREMENT_CUES:
            continue
        following = seq[i + 1] if i + 1 < len(seq) else ""
        if following in _NOT_INCREMENT_AFTER or (not counts and following[:1].isdigit()):
            continue
        if heads is None or _counted_more(seq, i):
            return True
        near = seq[max(0, i - 1) : i] + seq[i + 1 : i + 1 + _HEAD_REACH]
        if any(w in heads for w in near):
            return True
    return False


def role_of(tokens: Iterable[str]) -> str | None:
    """The group a count is about, from the first role noun among `tokens`, or None."""
    for word in tokens:
        role = ROLES.get(word)
        if role is not None:
            return role
    return None


def content_words(text: str) -> frozenset[str]:
    """Words of a text that carry meaning (no function words, no one-letter words)."""
    return frozenset(w for w in words(text) if len(w) > 1 and w not in STOP_WORDS)
