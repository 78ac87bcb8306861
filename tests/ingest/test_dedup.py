"""Tests of `sitrep.ingest.dedup`: MinHash signatures, their storage, the near-duplicate index."""

from __future__ import annotations

import pytest

from sitrep.ingest.dedup import NearDuplicateIndex, from_bytes, signature, to_bytes

from .texts import ARTICLE, ARTICLE_EDITED, OTHER_ARTICLE


def test_one_changed_sentence_is_a_near_duplicate() -> None:
    assert ARTICLE_EDITED != ARTICLE
    assert signature(ARTICLE).jaccard(signature(ARTICLE_EDITED)) >= 0.8


def test_unrelated_texts_are_not_near_duplicates() -> None:
    assert signature(ARTICLE).jaccard(signature(OTHER_ARTICLE)) < 0.2


def test_signature_ignores_case_and_whitespace() -> None:
    messy = ARTICLE.upper().replace("\n\n", "\r\n\r\n\r\n") + "  \n"
    assert signature(messy).jaccard(signature(ARTICLE)) == 1.0


def test_signature_is_deterministic_and_round_trips_through_bytes() -> None:
    stored = to_bytes(signature(ARTICLE))
    assert len(stored) == 128 * 8
    assert stored == to_bytes(signature(ARTICLE))
    restored = from_bytes(stored)
    assert to_bytes(restored) == stored
    assert restored.jaccard(signature(ARTICLE_EDITED)) == signature(ARTICLE).jaccard(
        signature(ARTICLE_EDITED)
    )


def test_signature_of_short_and_empty_texts() -> None:
    assert signature("three short words").jaccard(signature("Three  short words")) == 1.0
    assert len(to_bytes(signature(""))) == 1024


def test_from_bytes_refuses_other_lengths() -> None:
    with pytest.raises(ValueError, match="1024 bytes"):
        from_bytes(b"\x00" * 10)


def test_index_finds_the_best_match() -> None:
    index = NearDuplicateIndex(threshold=0.8)
    index.add("talks", signature(ARTICLE))
    index.add("floods", signature(OTHER_ARTICLE))
    index.add("talks", signature(ARTICLE))
    assert len(index) == 2
    assert "talks" in index
    match = index.query(signature(ARTICLE_EDITED))
    assert match is not None
    assert match[0] == "talks"
    assert match[1] >= 0.8
    assert index.query(signature(OTHER_ARTICLE)) == ("floods", 1.0)


def test_index_answers_none_for_new_text() -> None:
    index = NearDuplicateIndex()
    index.add("talks", signature(ARTICLE))
    assert index.query(signature(OTHER_ARTICLE)) is None
    assert NearDuplicateIndex().query(signature(ARTICLE)) is None


def test_index_breaks_ties_by_id() -> None:
    index = NearDuplicateIndex()
    index.add("b", signature(ARTICLE))
    index.add("a", signature(ARTICLE))
    assert index.query(signature(ARTICLE)) == ("a", 1.0)


def test_every_pair_at_or_above_the_threshold_is_found() -> None:
    """The LSH bands only propose candidates: a rewrite just above the threshold must still be
    proposed, whichever words were changed."""
    words = [f"w{i}" for i in range(300)]
    base = " ".join(words)
    missed = []
    for step in range(11, 31):
        edited = " ".join(w if i % step else "changed" for i, w in enumerate(words))
        index = NearDuplicateIndex(threshold=0.6)
        index.add("base", signature(base))
        similarity = signature(base).jaccard(signature(edited))
        if similarity >= 0.6 and index.query(signature(edited)) is None:
            missed.append((step, round(similarity, 3)))
    assert not missed
