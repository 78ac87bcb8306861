"""Ingestion: turning files, folders, JSON documents, URLs and feeds into checked `Article`s.

Importing this package is cheap: trafilatura, httpx, feedparser and datasketch are imported by
the functions that use them.
"""

from __future__ import annotations

from sitrep.ingest.dedup import NearDuplicateIndex, from_bytes, signature, to_bytes
from sitrep.ingest.feeds import FeedEntry, is_feed, parse_feed
from sitrep.ingest.fetch import FetchedResource, fetch_url
from sitrep.ingest.html import ExtractedPage, extract_html
from sitrep.ingest.sources import IngestItem, read_documents, read_inputs
from sitrep.ingest.text import article_id, check_text, decode_bytes, normalise_text

__all__ = [
    "ExtractedPage",
    "FeedEntry",
    "FetchedResource",
    "IngestItem",
    "NearDuplicateIndex",
    "article_id",
    "check_text",
    "decode_bytes",
    "extract_html",
    "fetch_url",
    "from_bytes",
    "is_feed",
    "normalise_text",
    "parse_feed",
    "read_documents",
    "read_inputs",
    "signature",
    "to_bytes",
]
