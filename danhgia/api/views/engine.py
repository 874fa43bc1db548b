"""``POST /api/v1/score`` and ``/rate``: the ``danhgia`` command's own code (``danhgia.cli``)
on the request body, the same JSON text in and out (SPEC §15)."""

from __future__ import annotations

import decimal

from django.http import HttpResponse, RawPostDataException
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import JSONParser
from rest_framework.views import APIView

from danhgia import cli
from danhgia.engine import EngineError, InputError
from danhgia.indented_json import dumps_indented


class EngineRefusalSerializer(serializers.Serializer):
    """The command's refusal: ``detail`` is its line on standard error."""

    detail = serializers.CharField(help_text="people[3].total: expected a number from 0 to 100")
    path = serializers.CharField(help_text="the JSON path of the first problem ($ = the whole)")
    message = serializers.CharField()
    code = serializers.CharField(help_text="a stable code (docs/engine.md)")
    params = serializers.DictField()
    exit_status = serializers.IntegerField(help_text="the command's exit status: 2 or 1")


class EngineView(APIView):
    """Runs one of the command's engine sub-commands on the body (UTF-8 JSON)."""

    command = ""
    computes_only = True  # a read-only token may call it: it writes nothing
    parser_classes = (JSONParser,)

    def post(self, request, *args, **kwargs):
        try:
            try:
                text = request.body.decode("utf-8")
            except UnicodeDecodeError:
                raise InputError("$", "expected a UTF-8 JSON file", "not_utf8", {}) from None
            except RawPostDataException:  # a form was posted and read (the session's CSRF)
                raise InputError("$", "expected a JSON body", "not_json", {}) from None
            output = cli.engine_output(self.command, cli.parse_json(text), files=False)
        except (EngineError, decimal.DecimalException) as exc:
            return _refused(exc)
        return HttpResponse(output, content_type="application/json")


def _refused(exc: Exception) -> HttpResponse:
    exit_status, line = cli.refusal(exc)
    body = {
        "detail": line,
        "path": (getattr(exc, "path", "") or "$"),
        "message": getattr(exc, "message", line),
        "code": getattr(exc, "code", "invalid_number"),
        "params": getattr(exc, "params", {}),
        "exit_status": exit_status,
    }
    status = 400 if exit_status == cli.EXIT_INVALID else 422
    return HttpResponse(dumps_indented(body) + "\n", content_type="application/json", status=status)


_COMMON = {
    400: OpenApiResponse(EngineRefusalSerializer, description="invalid input (exit status 2)"),
    422: OpenApiResponse(EngineRefusalSerializer, description="any other refusal (exit status 1)"),
}


@extend_schema(
    tags=["engine"],
    request={"application/json": {"type": "object", "additionalProperties": True}},
    responses={
        200: OpenApiResponse(
            {"type": "object", "additionalProperties": True},
            description="exactly what `danhgia score` prints (SPEC §15)",
        ),
        **_COMMON,
    },
    examples=[
        OpenApiExample(
            "Refused",
            value={
                "detail": "results.B.1.1.actual: expected a number",
                "path": "results.B.1.1.actual",
            },
            response_only=True,
            status_codes=["400"],
        )
    ],
)
class ScoreView(EngineView):
    """Chấm điểm một phiếu: đầu vào và kết quả như `danhgia score` (SPEC §15)."""

    command = "score"


@extend_schema(
    tags=["engine"],
    request={"application/json": {"type": "object", "additionalProperties": True}},
    responses={
        200: OpenApiResponse(
            {"type": "object", "additionalProperties": True},
            description="exactly what `danhgia rate` prints (SPEC §15)",
        ),
        **_COMMON,
    },
)
class RateView(EngineView):
    """Xếp loại một quý: đầu vào và kết quả như `danhgia rate` (SPEC §15)."""

    command = "rate"
