"""Loading of the lexicons and gazetteers that ship as data files in `sitrep/data/`."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.strings import get_string_id

from sitrep.errors import ConfigError


def data_path(name: str) -> Path:
    """Path of a bundled data file, e.g. `data_path("reporting_verbs.txt")`."""
    path = Path(str(resources.files("sitrep") / "data" / name))
    if not path.exists():
        raise ConfigError(
            f"Data file {name!r} is missing from the sitrep package ({path}). "
            "Reinstall sitrep (`pip install -e .`) so that package data is included."
        )
    return path


@cache
def read_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a text lexicon (`#` starts a comment)."""
    lines = []
    for raw in data_path(name).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return tuple(lines)


@cache
def read_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated lexicon, comments and blank lines skipped."""
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in read_lines(name))


@cache
def read_json(name: str) -> Any:
    return json.loads(data_path(name).read_text(encoding="utf-8"))


def string_ids(words: Iterable[str]) -> frozenset[int]:
    """The spaCy string hashes of lexicon words in lower case, Capitalised and UPPER case: a
    token array is matched against them without building a `Token` or lower-casing a lemma
    ("Agreement", "SAID")."""
    forms = {f for w in words for f in (w, w.capitalize(), w.upper())}
    return frozenset(get_string_id(f) for f in forms)
