"""The API's one error shape, `{"error": {"code", "message", "status"}}`, for every error.

sitrep's own errors keep their `http_status`; FastAPI's validation errors become 422 with the
location and reason of each problem; anything unexpected becomes a 500 whose details go to the
log, not to the client. Messages are HTML-escaped so that no input is reflected as markup.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from sitrep.api.models import ErrorBody, ErrorResponse
from sitrep.errors import SitrepError

log = logging.getLogger(__name__)

MAX_MESSAGE = 2000

_STATUS_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal",
    502: "bad_gateway",
    503: "unavailable",
}


class ApiProblem(Exception):
    """An error the API itself raises: a status, a code and a message for the client."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})


def error_response(
    status: int, code: str, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    text = html.escape(message[:MAX_MESSAGE], quote=True)
    body = ErrorResponse(error=ErrorBody(code=code, message=text, status=status))
    return JSONResponse(body.model_dump(), status_code=status, headers=dict(headers or {}))


def _code_of(exc: SitrepError) -> str:
    name = type(exc).__name__.removesuffix("Error") or "sitrep"
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _location(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiProblem)
    async def problem(request: Request, exc: ApiProblem) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(SitrepError)
    async def sitrep_error(request: Request, exc: SitrepError) -> JSONResponse:
        if exc.http_status >= 500:
            log.error("%s %s failed: %s", request.method, request.url.path, exc)
        return error_response(exc.http_status, _code_of(exc), str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        # Only where and why: the offending values are not echoed back.
        problems = [
            f"{_location(tuple(error.get('loc', ())))}: {error.get('msg', 'invalid')}"
            for error in exc.errors()
        ]
        message = "Invalid request. " + "; ".join(problems[:10])
        return error_response(422, "invalid_request", message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if exc.status_code == 404 and message == "Not Found":
            message = "No such endpoint. The API's endpoints are listed in /openapi.json."
        return error_response(exc.status_code, code, message, exc.headers)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("%s %s failed unexpectedly", request.method, request.url.path)
        return error_response(
            500, "internal", "An unexpected error occurred; the server log has the details."
        )
