"""Which grammar rules can match a text at all: the literal words each compiled rule requires.

A rule's regex is analysed once (with the standard library's own regex parser) into clauses,
each a set of lower-case literal strings: every match of the rule contains at least one string
of every clause. `Grammar.find` skips a rule when one of its clauses has no string in the text,
which leaves its output unchanged and saves the per-position cost of scanning with the rule
(most rules need a month, weekday, unit or modifier word that most texts lack).
"""

from __future__ import annotations

import importlib
import re
from typing import Any

Clause = frozenset[str]
"""Literal strings of which every match contains at least one: lower-case, or as written when
they start with `CASED` (from a case-sensitive part of the rule, such as a month name)."""

CASED = "\x01"

_parser: Any = importlib.import_module("re._parser")
_constants: Any = importlib.import_module("re._constants")

MAX_STRINGS = 400
"""Cap on the strings one clause may grow to by concatenating alternations ("jan" x "." ...)."""

LOOKALIKES = str.maketrans({"\u0130": "I", "\u0131": "i", "\u017f": "s", "\u212a": "K"})
"""Non-ASCII letters that an IGNORECASE regex matches with an ASCII letter but that `str.lower`
does not turn into it (the dotted and dotless i, the long s, the Kelvin sign; see the
equivalences of `re._compiler`), each mapped to that letter; `tests/nlp/test_timexes.py`
re-derives this table. `Grammar.find` scans the text with them replaced (the length is kept),
so that the words a rule matched are the lexicon's words."""


def fold(text: str) -> str:
    """`text` lower-cased as an IGNORECASE regex compares it with ASCII literals."""
    return text.translate(LOOKALIKES).lower()


def required_clauses(pattern: re.Pattern[str]) -> tuple[Clause, ...]:
    """The clauses every match of `pattern` satisfies; empty when nothing can be required.

    Non-ASCII literals make the rule unconditional, since case folding beyond ASCII is not
    modelled by `fold`.
    """
    is_cased = not pattern.flags & re.IGNORECASE
    strings, _, clauses = _sequence(_parser.parse(pattern.pattern, pattern.flags), is_cased)
    if strings is not None:
        clauses = [*clauses, strings]
    kept = [_minimal(c) for c in clauses if c and "" not in c and all(s.isascii() for s in c)]
    return tuple(dict.fromkeys(kept))


def is_possible(clauses: tuple[Clause, ...], text: str, folded: str, seen: dict[str, bool]) -> bool:
    """Whether every clause has a string in `text` (as written) or `folded` (lower-cased);
    lookups are memoised in `seen`."""
    for clause in clauses:
        for string in clause:
            found = seen.get(string)
            if found is None:
                is_cased = string.startswith(CASED)
                found = seen[string] = string[1:] in text if is_cased else string in folded
            if found:
                break
        else:
            return False
    return True


def _minimal(clause: Clause) -> Clause:
    """Drop strings that contain another string of the clause: the shorter one is found anyway."""
    return frozenset(s for s in clause if not any(t != s and _implies(s, t) for t in clause))


def _implies(s: str, t: str) -> bool:
    """Whether finding `s` in a text means `t` is there too."""
    if t.startswith(CASED):
        return s.startswith(CASED) and t[1:] in s[1:]
    return t in _plain(s)


def _plain(s: str) -> str:
    """`s` lower-cased, as a case-insensitive string."""
    return s[1:].lower() if s.startswith(CASED) else s


def _join(s: str, t: str) -> str:
    """The string `s` followed by `t`; case-sensitive only when both are."""
    if not s or not t:
        return s or t
    if s.startswith(CASED) and t.startswith(CASED):
        return s + t[1:]
    return _plain(s) + _plain(t)


def _better(a: Clause | None, b: Clause | None) -> Clause | None:
    """The more selective of two clauses: longer shortest string, then fewer strings."""
    if a is None or b is None:
        return a if b is None else b
    return a if (_shortest(a), -len(a)) >= (_shortest(b), -len(b)) else b


def _shortest(clause: Clause) -> int:
    return min(len(_plain(s)) for s in clause)


Analysis = tuple["Clause | None", bool, list[Clause]]
"""(strings, exact, clauses): `strings` such that each match contains one (`exact`: each match
is one of them), and further clauses that hold as well."""


def _sequence(items: Any, is_cased: bool) -> Analysis:
    run: set[str] = {""}
    exact = True
    clauses: list[Clause] = []
    for op, av in items:
        strings, is_exact, inner = _node(op, av, is_cased)
        clauses += inner
        if is_exact and strings is not None and len(run) * len(strings) <= MAX_STRINGS:
            run = {_join(x, y) for x in run for y in strings}
            continue
        exact = False
        if run != {""}:
            clauses.append(frozenset(run))
        run = {""}
        if strings is not None:
            clauses.append(strings)
    if exact:
        return frozenset(run), True, clauses
    if run != {""}:
        clauses.append(frozenset(run))
    best: Clause | None = None
    for clause in clauses:
        if "" not in clause:
            best = _better(best, clause)
    return best, False, clauses


def _literal(code: int, is_cased: bool) -> str:
    return CASED + chr(code) if is_cased else chr(code).lower()


def _node(op: Any, av: Any, is_cased: bool) -> Analysis:
    c = _constants
    if op is c.LITERAL:
        return frozenset({_literal(av, is_cased)}), True, []
    if op is c.IN and all(item_op is c.LITERAL for item_op, _ in av):
        # The parser turns "a|b" into a set of characters.
        return frozenset(_literal(code, is_cased) for _, code in av), True, []
    if op is c.SUBPATTERN:
        _, add_flags, del_flags, items = av
        if add_flags & re.IGNORECASE:
            return _sequence(items, False)
        return _sequence(items, is_cased or bool(del_flags & re.IGNORECASE))
    if op is c.BRANCH:
        union: set[str] = set()
        exact = True
        for branch in av[1]:
            strings, is_exact, _ = _sequence(branch, is_cased)
            if strings is None:
                return None, False, []
            union |= strings
            exact = exact and is_exact
        return frozenset(union), exact, []
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, high, item = av
        if low < 1:
            return None, False, []
        strings, is_exact, clauses = _sequence(item, is_cased)
        return strings, is_exact and low == high == 1, clauses
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return frozenset({""}), True, []  # zero width: adds no characters to the match
    return None, False, []
