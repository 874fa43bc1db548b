"""The ``danhgia`` command: the rules engine on JSON, without database or server (SPEC §15).

Exit status: 0 success; 2 invalid input, with one line on standard error naming the JSON path of
the first problem; 1 anything else. Never a traceback.
"""

from __future__ import annotations

import argparse
import decimal
import gc
import json
import os
import sys
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, NoReturn, TextIO

from danhgia import __version__
from danhgia.engine import (
    EngineError,
    InputError,
    framework_listing,
    looks_like_path,
    policy_listing,
    rate_text,
    score_json,
)
from danhgia.indented_json import dumps_indented

EXIT_OK, EXIT_ERROR, EXIT_INVALID = 0, 1, 2

DESCRIPTION = """\
Bộ quy tắc chấm điểm, xếp loại cán bộ lãnh đạo, quản lý hằng quý (Hướng dẫn 02-HD/BTCTW).
The rules engine of danhgia: scores one evaluation and rates a quarter from a JSON file,
without database or server.

Exit status: 0 success; 2 invalid input (one line on stderr naming the JSON path of the first
problem, e.g. "people[3].total: expected a number from 0 to 100"); 1 anything else."""

SCORE_HELP = """\
Chấm điểm một phiếu tự đánh giá. Score one evaluation.

Input (JSON file, or - for standard input):
  {"framework": "lamdong-2026-pl5",       shipped id or path to a framework file
   "policy": "lamdong-2026",              optional; default: the framework's province
   "general": {"A.1.1": true, ...},       every part A code: true = met, false = not met
   "results": {                           every part B code of the framework:
     "B.1.1": {"target": 5, "actual": 3},            ratio / reduction
     "B.1.7": {"target": [20, 25], "actual": 21},    a range counts from its lower bound
     "B.2.5": {"category": "Khá"},                   category (label of the framework's table)
     "B.4.2": {"level": 2},                          level: 1, 2 or 3
     "B.1.6": {"not_applicable": true},              left out, the axis rescaled
     "B.1.2": {"tasks": [{"coefficient": 1.2, "planned": 1, "delivered": 1,
               "quality": 1.0, "timeliness": 0.75, "leadership": 1.0}]}}}

Policy variants: under general_not_applicable: rescale a part A code may be
{"not_applicable": true}; under axis_maxima: proposed the request carries
"axis_maxima": {"1": 30, ...} (every axis, adding up to part B's maximum) and "main_axes": [1].
A key the engine does not know is invalid input, except name, title and note.

Output: points per criterion (rounded half-up to the policy's decimals), KPIs to 4 decimals,
axes, part_a, part_b, total, band and the framework's warnings."""

RATE_HELP = """\
Xếp loại một quý. Rate a quarter: bands, the conditions of SPEC §8.2 in order, the quota.

Input (JSON file, or - for standard input):
  {"policy": "laocai-2026", "period": "2026-Q3",
   "groups": [{"id": "so-nganh-cap-pho", "quota_pct": 25}],          optional
   "units": [{"id": "so-tc", "tasks_total": 20, "tasks_completed": 20, "tasks_late": 0,
              "tasks_exceeding": 7, "force_majeure": false, "rating": "HTTNV"}],
   "people": [{"id": "p1", "name": "Nguyễn Thị An" (optional, used in warnings),
               "unit": "so-tc", "collective": "so-tc", "group": "so-nganh-cap-pho",
               "role": "head|deputy|member", "total": 92.5, "tasks_total": 6,
               "tasks_completed": 6, "exceeded_count": 3, "force_majeure": false,
               "dossier": "on_time|late|missing",
               "dossier_days_late": 4 (working days; only under late_dossier: scale),
               "deferred": null | "training" |
               "new_appointment" | "sick_leave" | "maternity_leave" | "under_inspection",
               "gender": "female", "ethnic_minority": false,
               "service_start": "1998-03-01", "retirement_date": "2029-06-30"}]}

Output: people in input order with band, rating (HTXSNV, HTTNV, HTNV, KHTNV or DEFERRED), the
reasons in Vietnamese for every step that set or lowered the rating, and warnings for the
authority; per group the quota base, the number allowed and who keeps HTXSNV."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, like every other refusal (see `danhgia --help` for the usage).
        print(f"danhgia: {message} (danhgia --help)", file=sys.stderr)
        raise SystemExit(EXIT_INVALID)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="danhgia",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"danhgia {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    score = sub.add_parser(
        "score",
        help="chấm điểm một phiếu / score one evaluation",
        description=SCORE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    score.add_argument("file", metavar="FILE", help="JSON input file, or - for standard input")

    rate = sub.add_parser(
        "rate",
        help="xếp loại một quý / rate a quarter",
        description=RATE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rate.add_argument("file", metavar="FILE", help="JSON input file, or - for standard input")

    for name, what in (
        ("frameworks", "khung chấm điểm / scoring frameworks"),
        ("policies", "bộ quy tắc / policies"),
    ):
        lister = sub.add_parser(
            name,
            help=f"liệt kê {what}",
            description=f"Liệt kê {what} đã cài đặt, với trạng thái và các vấn đề.",
        )
        lister.add_argument("--json", action="store_true", help="print a JSON list")
    return parser


def _read_json(file: str, stdin: TextIO) -> Any:
    try:
        if file == "-":
            text = stdin.read()
        else:
            with open(file, encoding="utf-8") as handle:
                text = handle.read()
    except OSError as exc:
        # Not invalid input but an unreadable file: "anything else" (exit 1).
        raise EngineError(
            f"cannot read input file {file} ({exc.strerror})",
            code="cannot_read_file",
            params={"file": file, "reason": exc.strerror},
        ) from None
    except UnicodeDecodeError:
        raise InputError("$", "expected a UTF-8 JSON file", "not_utf8", {"file": file}) from None
    return parse_json(text)


def parse_json(text: str) -> Any:
    """The request as the engine reads it: numbers as ``Decimal``, no NaN or Infinity."""

    def refuse_constant(name: str) -> NoReturn:
        raise InputError(
            "", f"invalid JSON: {name} is not a number", "invalid_json", {"detail": name}
        )

    try:
        return json.loads(text, parse_float=Decimal, parse_constant=refuse_constant)
    except json.JSONDecodeError as exc:
        raise InputError(
            "",
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            "invalid_json",
            {"line": exc.lineno, "column": exc.colno, "detail": exc.msg},
        ) from None
    except RecursionError:
        raise InputError(
            "", "invalid JSON: nested too deeply", "invalid_json", {"detail": "nested too deeply"}
        ) from None


def _score_text(data: Any, keep: list[Any] | None = None) -> str:
    return dumps_indented(score_json(data))


#: the sub-commands that run the engine on a JSON request, and their output without the final
#: newline (``rate_text`` writes the rating's JSON without building it as dicts first)
ENGINE_COMMANDS = {"score": _score_text, "rate": rate_text}


def engine_output(
    command: str, data: Any, *, files: bool = True, keep: list[Any] | None = None
) -> str:
    """What ``danhgia score`` / ``danhgia rate`` print for a parsed request (the API answers
    the same text). ``files=False`` (a server) refuses a framework or policy given as a path:
    only shipped ids, so that a request never reads the server's files."""
    if not files:
        _refuse_paths(data)
    return ENGINE_COMMANDS[command](data, keep) + "\n"


def _refuse_paths(data: Any) -> None:
    if not isinstance(data, dict):
        return
    for key in ("framework", "policy"):
        ref = data.get(key)
        if isinstance(ref, str) and looks_like_path(ref):
            raise InputError(
                key,
                f"expected a shipped {key} id (data files are not read on the server)",
                "file_not_allowed",
                {"ref": ref},
            )


def refusal(exc: BaseException) -> tuple[int, str]:
    """The exit status and the one line on standard error for an error of the engine's run."""
    if isinstance(exc, InputError):
        return EXIT_INVALID, _one_line(str(exc))
    if isinstance(exc, EngineError):
        return EXIT_ERROR, _one_line(f"danhgia: {exc}")
    if isinstance(exc, decimal.DecimalException):
        return EXIT_INVALID, "$: a number is too large or too precise to compute with"
    raise exc


def _print_json(data: Any, out: TextIO) -> None:
    out.write(dumps_indented(data))  # json.dump(…, indent=2), without its slow path
    out.write("\n")


def _print_listing(items: list[dict[str, Any]], as_json: bool, out: TextIO) -> None:
    if as_json:
        _print_json(items, out)
        return
    width = max((len(i["id"]) for i in items), default=0)
    for item in items:
        out.write(f"{item['id']:<{width}}  {item['status']:<7}  {item['title']}\n")
        for problem in item["problems"]:
            out.write(f"{'':<{width}}    - {problem}\n")


def run(
    argv: Sequence[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(stdout)
        return EXIT_OK
    if args.command == "frameworks":
        _print_listing(framework_listing(), args.json, stdout)
    elif args.command == "policies":
        _print_listing(policy_listing(), args.json, stdout)
    elif args.command in ENGINE_COMMANDS:
        # The cycle collector would walk every object of 20,000 people again and again (a fifth
        # of `danhgia rate`); the engine makes no cycles worth collecting in one command.
        collecting = gc.isenabled()
        gc.disable()
        try:
            data = _read_json(args.file, stdin)
            if _kept is not None:
                _kept.append(data)
            stdout.write(engine_output(args.command, data, keep=_kept))
        finally:
            if collecting:
                gc.enable()
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(argv)
    except (EngineError, decimal.DecimalException) as exc:
        status, line = refusal(exc)
        print(line, file=sys.stderr)
        return status
    except KeyboardInterrupt:
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as exc:
        print(_one_line(f"danhgia: internal error: {type(exc).__name__}: {exc}"), file=sys.stderr)
        return EXIT_ERROR


#: the console script's request and result, kept until the process ends (``console``); None
#: in-process (a test, the web API): there they are freed as usual
_kept: list[Any] | None = None


def console() -> NoReturn:
    """The ``danhgia`` script: ``main()``, then the process ends without freeing the request's
    and the result's objects one by one (20,000 people's: about a tenth of ``danhgia rate``'s
    CPU) nor tearing the interpreter down; the output is flushed first, and nothing else is
    left to do at exit."""
    global _kept
    _kept = []
    status = main()
    try:
        sys.stdout.flush()
    except (BrokenPipeError, OSError):
        status = EXIT_ERROR
    try:
        sys.stderr.flush()
    except (BrokenPipeError, OSError):
        status = EXIT_ERROR
    os._exit(status)


def _one_line(text: str) -> str:
    return " ".join(text.split())


if __name__ == "__main__":  # pragma: no cover
    console()
