"""Faster stand-ins for two rule-based components of the trained pipeline, with the same output.

`sitrep.bench` showed the `attribute_ruler` costing as much as the parser (about 5.7 ms of
45 ms per article) and the `lemmatizer` about 0.8 ms, both for the Python work they do per token:

- spaCy's `AttributeRuler` runs each of its patterns (179 in `en_core_web_sm`: the tag map
  and the exceptions for function words) through the `Matcher` at every token. Those patterns
  are plain token tests (`TAG`, `LOWER`, `DEP`, `IS_SPACE`, a few regexes), so the rules that
  can match a token are found by looking up its lower-case form and tag instead. The matches
  are the Matcher's, applied in its order (rule by rule, then left to right) with spaCy's own
  `set_token_attrs`. A ruler whose patterns use anything else is left as it is.
- The rule lemmatizer's answer depends only on a token's form, POS and morphology, but spaCy
  recomputes it (its own cache skips the base forms) and builds a `Token` for every word. The
  stand-in asks spaCy's lemmatizer once per (form, POS, morphology) and writes the lemmas
  of a document in one array.

Both keep their component names, so `nlp.pipe_names` and the recorded pipeline do not change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# The token attributes a pattern may test (array columns, in this order): those the rules of
# spaCy's English pipelines use. A ruler testing others keeps spaCy's Matcher.
_COLUMNS: tuple[str, ...] = ("LOWER", "TAG", "DEP", "IS_SPACE")
_STRING_COLUMNS = frozenset({"LOWER", "TAG", "DEP"})
_ROW_MEMORY = 200_000

Test = tuple[int, bool, "frozenset[int] | _Regex"]
"""A column, whether the value must be in (True) or out of (False) the set, and the set (or
a `_Regex`, which holds the values whose text it finds)."""


class _Regex:
    """A `REGEX` test on a string attribute, as a set: `value in regex` says whether the
    pattern is found in the value's text. Answers are remembered, the values of a corpus
    repeating; the memory is bounded (`_REGEX_MEMORY`) for long runs over many texts."""

    def __init__(self, pattern: str, strings: Any) -> None:
        self._regex = re.compile(pattern)
        self._strings = strings
        self._known: dict[int, bool] = {}

    def __contains__(self, value: int) -> bool:
        known = self._known.get(value)
        if known is None:
            if len(self._known) >= _REGEX_MEMORY:
                self._known.clear()
            known = self._known[value] = bool(self._regex.search(self._strings[value]))
        return known


_REGEX_MEMORY = 100_000


@dataclass(frozen=True)
class _Pattern:
    rule: int
    tokens: tuple[tuple[Test, ...], ...]


def use_faster_rule_pipes(nlp: Language) -> list[str]:
    """Swap the stand-ins in for the components they can replace; the names swapped."""
    _register_factories()
    swapped = []
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        patterns = compile_rules(ruler)
        if patterns is not None:
            nlp.replace_pipe("attribute_ruler", "sitrep_indexed_attribute_ruler")
            cast(IndexedAttributeRuler, nlp.get_pipe("attribute_ruler")).load(ruler, patterns)
            swapped.append("attribute_ruler")
    if "lemmatizer" in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        if _is_memoizable(lemmatizer):
            nlp.replace_pipe("lemmatizer", "sitrep_memo_lemmatizer")
            cast(MemoLemmatizer, nlp.get_pipe("lemmatizer")).load(lemmatizer)
            swapped.append("lemmatizer")
    return swapped


class IndexedAttributeRuler:
    """Applies an `AttributeRuler`'s rules, finding the candidate rules of a token by lookup.

    The one-token rules a token matches depend only on its row of attributes, which repeat
    (function words, punctuation), so they are worked out once per distinct row; the few
    longer rules are filed under a value one of their tokens must have.
    """

    def __init__(self) -> None:
        from spacy.attrs import IDS

        self._array_ids = [IDS[column] for column in _COLUMNS]
        self._attrs: list[dict[int, Any]] = []
        self._indices: list[int] = []
        self._single: dict[tuple[int, int], list[_Pattern]] = {}
        self._single_anywhere: list[_Pattern] = []
        self._longer: dict[tuple[int, int], list[tuple[int, _Pattern]]] = {}
        self._longer_anywhere: list[_Pattern] = []
        self._rules_of_row: dict[tuple[int, ...], tuple[int, ...]] = {}

    def load(self, ruler: Any, patterns: Sequence[_Pattern]) -> None:
        """Take over `ruler`'s rules, compiled by `compile_rules(ruler)`."""
        self._attrs = list(ruler.attrs)
        self._indices = list(ruler.indices)
        self._single.clear()
        self._single_anywhere = []
        self._longer.clear()
        self._longer_anywhere = []
        self._rules_of_row.clear()
        for pattern in patterns:
            key = _index_key(pattern.tokens)
            single = len(pattern.tokens) == 1
            if key is None:
                (self._single_anywhere if single else self._longer_anywhere).append(pattern)
            elif single:
                self._single.setdefault(key[1:], []).append(pattern)
            else:
                offset, column, value = key
                self._longer.setdefault((column, value), []).append((offset, pattern))

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens._retokenize import set_token_attrs

        for rule, start, end in self.match(doc):
            index = self._indices[rule]
            set_token_attrs(doc[start + index if index >= 0 else end + index], self._attrs[rule])
        return doc

    def match(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(rule, start, end) of every match, in the order `AttributeRuler.match` sorts them."""
        if not len(doc):
            return []
        columns = doc.to_array(self._array_ids).T.tolist()
        rows: list[tuple[int, ...]] = list(zip(*columns, strict=True))
        found: set[tuple[int, int, int]] = set()
        known = self._rules_of_row
        for start, row in enumerate(rows):
            rules = known.get(row)
            if rules is None:
                if len(known) >= _ROW_MEMORY:
                    known.clear()
                rules = known[row] = self._single_rules(row)
            for rule in rules:
                found.add((rule, start, start + 1))
        if self._longer or self._longer_anywhere:
            self._match_longer(rows, found)
        return sorted(found)

    def _single_rules(self, row: tuple[int, ...]) -> tuple[int, ...]:
        """The one-token rules that a token with these attributes matches."""
        candidates = list(self._single_anywhere)
        for column, value in enumerate(row):
            candidates.extend(self._single.get((column, value), ()))
        return tuple({p.rule for p in candidates if _matches(p, (row,), 0)})

    def _match_longer(self, rows: list[tuple[int, ...]], found: set[tuple[int, int, int]]) -> None:
        length = len(rows)
        starts: list[tuple[int, _Pattern]] = []
        for position, row in enumerate(rows):
            for column, value in enumerate(row):
                for offset, pattern in self._longer.get((column, value), ()):
                    starts.append((position - offset, pattern))
        for pattern in self._longer_anywhere:
            starts.extend((start, pattern) for start in range(length))
        for start, pattern in starts:
            end = start + len(pattern.tokens)
            if start >= 0 and end <= length and _matches(pattern, rows, start):
                found.add((pattern.rule, start, end))


def _index_key(tokens: tuple[tuple[Test, ...], ...]) -> tuple[int, int, int] | None:
    """(offset, column, value): a value the token at that offset must have, to file a rule by."""
    for offset, tests in enumerate(tokens):
        for column, inside, values in tests:
            if inside and isinstance(values, frozenset) and len(values) == 1:
                return offset, column, next(iter(values))
    return None


def _matches(pattern: _Pattern, rows: Sequence[Sequence[int]], start: int) -> bool:
    for offset, tests in enumerate(pattern.tokens):
        row = rows[start + offset]
        for column, inside, values in tests:
            if (row[column] in values) != inside:
                return False
    return True


def compile_rules(ruler: Any) -> list[_Pattern] | None:
    """The ruler's patterns as token tests, or None if one of them needs the Matcher."""
    patterns = []
    for rule in range(len(ruler.attrs)):
        entry = ruler.matcher.get(str(rule))
        if entry is None:
            return None
        for pattern in entry[1]:
            tokens = []
            for spec in pattern:
                tests = _compile_token(spec, ruler.vocab.strings)
                if tests is None:
                    return None
                tokens.append(tests)
            length, index = len(tokens), ruler.indices[rule]
            if not tokens or not -length <= index < length:
                return None  # spaCy raises an error for these; let it
            patterns.append(_Pattern(rule, tuple(tokens)))
    return patterns


def _compile_token(spec: Any, strings: Any) -> tuple[Test, ...] | None:
    """One token's tests as the Matcher reads them: strings interned, booleans as 0/1."""
    from spacy.strings import get_string_id

    if not isinstance(spec, dict) or not spec:
        return None
    tests: list[Test] = []
    for name, value in spec.items():
        if name not in _COLUMNS:
            return None
        column = _COLUMNS.index(name)
        if isinstance(value, bool):
            tests.append((column, True, frozenset({int(value)})))
        elif isinstance(value, str) and name != "IS_SPACE":
            tests.append((column, True, frozenset({strings.add(value)})))
        elif isinstance(value, dict) and len(value) == 1 and name in _STRING_COLUMNS:
            ((op, options),) = value.items()
            if op == "REGEX" and isinstance(options, str):
                tests.append((column, True, _Regex(options, strings)))
                continue
            if op not in {"IN", "NOT_IN"}:
                return None
            if not isinstance(options, list) or not all(isinstance(v, str) for v in options):
                return None
            tests.append((column, op == "IN", frozenset(get_string_id(v) for v in options)))
        else:
            return None
    return tuple(tests)


class MemoLemmatizer:
    """Sets the lemmas spaCy's rule lemmatizer would, asking it once per (form, POS, morph)."""

    def __init__(self) -> None:
        self._lemmatizer: Any = None
        self._known: dict[tuple[int, int, int], int] = {}

    def load(self, lemmatizer: Any) -> None:
        self._lemmatizer = lemmatizer
        self._known.clear()

    def __call__(self, doc: Doc) -> Doc:
        import numpy
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not len(doc):
            return doc
        strings = doc.vocab.strings
        rows: list[list[int]] = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma == 0:  # not set by the attribute ruler, as spaCy's `overwrite=False`
                lemma = self._known.get((orth, pos, morph), 0)
                if lemma == 0:
                    lemma = strings.add(self._lemmatizer.lemmatize(doc[i])[0])
                    if pos != 0:  # no POS: spaCy warns each time (W108); let it
                        if len(self._known) >= _LEMMA_MEMORY:
                            self._known.clear()
                        self._known[(orth, pos, morph)] = lemma
            lemmas.append(lemma)
        doc.from_array([LEMMA], cast(Any, numpy.array(lemmas, dtype="uint64")))
        return doc


_LEMMA_MEMORY = 200_000


def _is_memoizable(lemmatizer: Any) -> bool:
    """spaCy's English rule lemmatizer, whose answer depends on form, POS and morph alone."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer

    return (
        type(lemmatizer) is EnglishLemmatizer
        and lemmatizer.mode == "rule"
        and not lemmatizer.overwrite
    )


def _register_factories() -> None:
    from spacy.language import Language

    if "sitrep_indexed_attribute_ruler" not in Language.factories:

        @Language.factory("sitrep_indexed_attribute_ruler")
        def make_ruler(nlp: Language, name: str) -> IndexedAttributeRuler:
            return IndexedAttributeRuler()

    if "sitrep_memo_lemmatizer" not in Language.factories:

        @Language.factory("sitrep_memo_lemmatizer")
        def make_lemmatizer(nlp: Language, name: str) -> MemoLemmatizer:
            return MemoLemmatizer()
