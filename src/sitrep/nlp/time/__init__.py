"""The machinery of the time layer (`sitrep.nlp.timexes`): mentions, grammar, values."""
