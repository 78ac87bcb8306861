"""The exceptions sitrep raises, all rooted in `SitrepError`.

    SitrepError                      exit 1   HTTP 500
    ├── ConfigError                  exit 2   HTTP 500   bad setting, unknown component or model
    ├── InputError                   exit 3   HTTP 400   one input item cannot be used
    │   ├── EmptyInputError                               nothing to analyse after extraction
    │   ├── BinaryInputError                              bytes that are not text
    │   ├── EncodingError                                 not valid UTF-8 (or any declared charset)
    │   ├── TooLargeError                        HTTP 413 over the configured size limit
    │   ├── NotEnglishError                               the text is not in English
    │   ├── HtmlExtractionError                           no article body found in a page
    │   ├── UnsupportedInputError                         an unknown file type or URL scheme
    │   └── GoldFormatError                               a line of a JSON Lines file is malformed
    ├── FetchError                   exit 4   HTTP 502   a URL or feed could not be fetched
    │   └── ForbiddenAddressError            HTTP 403   private or loopback address not allowed
    ├── StoreError                   exit 5   HTTP 503   the database failed or is not migrated
    └── NotFoundError                exit 6   HTTP 404   no such article, event or story

Messages say what failed, the likely cause and the fix.
"""

from __future__ import annotations


class SitrepError(Exception):
    """Base class of every error sitrep raises on purpose."""

    exit_code = 1
    http_status = 500


class ConfigError(SitrepError):
    exit_code = 2


class InputError(SitrepError):
    exit_code = 3
    http_status = 400


class EmptyInputError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class EncodingError(InputError):
    pass


class TooLargeError(InputError):
    http_status = 413


class NotEnglishError(InputError):
    pass


class HtmlExtractionError(InputError):
    pass


class UnsupportedInputError(InputError):
    pass


class GoldFormatError(InputError):
    pass


class FetchError(SitrepError):
    exit_code = 4
    http_status = 502


class ForbiddenAddressError(FetchError):
    http_status = 403


class StoreError(SitrepError):
    exit_code = 5
    http_status = 503


class NotFoundError(SitrepError):
    exit_code = 6
    http_status = 404
