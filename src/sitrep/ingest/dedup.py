"""Near-duplicate detection: MinHash signatures of word 5-grams and an LSH index over them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sitrep.ingest.text import normalise_text

if TYPE_CHECKING:
    from datasketch import MinHash

NUM_PERM = 128
SEED = 1
SCHEME = "affine64"
"""datasketch's permutation scheme; fixed so stored signatures stay comparable across versions."""
SHINGLE_SIZE = 5
"""Words per shingle: 5-grams are the usual choice for news near-duplicates (a changed sentence
touches few of them, while texts on the same topic share almost none)."""
SIGNATURE_BYTES = NUM_PERM * 8

_WORD = re.compile(r"\w+")


def signature(text: str) -> MinHash:
    """The MinHash of `text`: its normalised, lowercased words taken five at a time.

    A text of fewer than five words is one shingle; the same text always gives the same signature.
    """
    from datasketch import MinHash

    words = _WORD.findall(normalise_text(text).lower())
    size = min(SHINGLE_SIZE, len(words))
    shingles = (
        {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)} if size else set()
    )
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in sorted(shingles)])
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    """The signature as 1,024 bytes for storage: its 128 hash values, little-endian uint64."""
    import numpy as np

    values: Any = minhash.hashvalues
    return bytes(np.asarray(values, dtype="<u8").tobytes())


def from_bytes(data: bytes) -> MinHash:
    """The signature stored by `to_bytes`."""
    import numpy as np
    from datasketch import MinHash

    if len(data) != SIGNATURE_BYTES:
        raise ValueError(
            f"a stored MinHash signature has {SIGNATURE_BYTES} bytes, got {len(data)}; "
            "it was not written by sitrep.ingest.dedup.to_bytes"
        )
    values = np.frombuffer(data, dtype="<u8").astype(np.uint64)
    return MinHash(seed=SEED, hashvalues=values, scheme=SCHEME)


LSH_WEIGHTS = (0.1, 0.9)
"""Weights of false positives and false negatives when the LSH bands are chosen: a pair just
above the threshold (0.7 against 0.6) must not slip through the bands unseen."""


class NearDuplicateIndex:
    """Finds, among the articles added so far, the one whose text a new article repeats.

    An LSH index proposes candidates; the best by estimated Jaccard similarity at or above
    `threshold` wins, ties going to the smallest article id, so the answer is deterministic.
    """

    def __init__(self, threshold: float = 0.8) -> None:
        from datasketch import MinHashLSH

        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        # Candidates are checked against the threshold below, so the bands are tuned to miss
        # few true pairs (false negatives) at the cost of more candidates to check.
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
        self._signatures: dict[str, MinHash] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    def add(self, article_id: str, minhash: MinHash) -> None:
        """Index `minhash` under `article_id`; adding an id again changes nothing."""
        if article_id in self._signatures:
            return
        self._lsh.insert(article_id, minhash)
        self._signatures[article_id] = minhash

    def query(self, minhash: MinHash) -> tuple[str, float] | None:
        """The id of the best-matching indexed article and the estimated Jaccard similarity."""
        best: tuple[str, float] | None = None
        for candidate in sorted(self._lsh.query(minhash)):
            score = float(minhash.jaccard(self._signatures[candidate]))
            if score >= self.threshold and (best is None or score > best[1]):
                best = (candidate, score)
        return best
