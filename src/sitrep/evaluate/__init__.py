"""Evaluation against gold files in the gold format (`shared/eval/FORMAT.md`).

`gold` reads and writes gold-format lines, `score` matches predictions with gold,
`factuality` scores the factuality schema, `report` renders results and `runner` ties
them together for `sitrep eval`. Nothing here imports spaCy: the analysis is injected.
"""
