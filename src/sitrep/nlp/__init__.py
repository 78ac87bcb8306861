"""The analysis stage: a spaCy pipeline whose sitrep components each add one layer of records.

Nothing here imports spaCy at import time; `sitrep.nlp.pipeline.load_pipeline` does.
"""
