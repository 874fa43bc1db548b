"""Benchmark: `danhgia rate` on a generated quarter (20,000 officials, 200 groups, 2,000 units).

Usage: python bench/rate_bench.py [--people N] [--groups N] [--units N] [--runs N]
Prints the wall-clock time of each run of the command (process start, JSON parsing, validation,
rating, output), the best, and the ratio to a bare-Python lower bound (a process that only reads
the input and writes the output; its runs alternate with the command's), and the same for CPU
time. Targets: under 2 seconds on 2 cores; at most 3× the bound.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def generate(people: int, groups: int, units: int, seed: int = 2026) -> dict:
    rnd = random.Random(seed)
    unit_rows = []
    for i in range(units):
        total = rnd.randint(5, 40)
        completed = total if rnd.random() < 0.8 else rnd.randint(int(total * 0.6), total)
        unit_rows.append(
            {
                "id": f"u{i:04d}",
                "tasks_total": total,
                "tasks_completed": completed,
                "tasks_late": rnd.randint(0, completed // 5) if rnd.random() < 0.3 else 0,
                "tasks_exceeding": rnd.randint(0, total // 2),
                "force_majeure": rnd.random() < 0.02,
            }
        )
    group_rows = [{"id": f"g{i:03d}", "quota_pct": rnd.choice([20, 25])} for i in range(groups)]
    deferrals = ["training", "sick_leave", "maternity_leave", "new_appointment"]
    person_rows = []
    for i in range(people):
        tasks = rnd.randint(1, 12)
        row = {
            "id": f"p{i:05d}",
            "unit": f"u{rnd.randrange(units):04d}",
            "group": f"g{rnd.randrange(groups):03d}",
            "role": rnd.choices(["head", "deputy", "member"], [1, 3, 6])[0],
            "total": round(rnd.uniform(55, 99), 2),
            "tasks_total": tasks,
            "tasks_completed": tasks if rnd.random() < 0.9 else tasks - 1,
            "exceeded_count": rnd.randint(0, 6),
            "dossier": rnd.choices(["on_time", "late", "missing"], [95, 4, 1])[0],
            "deferred": rnd.choice(deferrals) if rnd.random() < 0.01 else None,
            "gender": rnd.choice(["male", "female"]),
            "ethnic_minority": rnd.random() < 0.15,
            "service_start": f"{rnd.randint(1985, 2015)}-{rnd.randint(1, 12):02d}-01",
            "retirement_date": f"{rnd.randint(2027, 2050)}-{rnd.randint(1, 12):02d}-01",
        }
        if rnd.random() < 0.2:
            row["collective"] = f"u{rnd.randrange(units):04d}"
        person_rows.append(row)
    return {
        "policy": "laocai-2026",
        "period": "2026-Q3",
        "groups": group_rows,
        "units": unit_rows,
        "people": person_rows,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--units", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    command = shutil.which("danhgia") or str(Path(sys.executable).with_name("danhgia"))
    data = generate(args.people, args.groups, args.units)
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "quarter.json"
        file.write_text(json.dumps(data), encoding="utf-8")
        size = file.stat().st_size / 1e6
        print(
            f"input: {args.people} people, {args.groups} groups, {args.units} units ({size:.1f} MB)"
        )
        # The bare-Python lower bound: a process that only reads the input and writes an output
        # of the same size with the C encoder (no validation, no rating). Its runs alternate
        # with the command's, so that both see the same load on a shared machine.
        output = Path(tmp) / "out.json"
        bare_code = (
            "import json, sys; json.load(open(sys.argv[1], encoding='utf-8')); "
            "sys.stdout.write(json.dumps(json.load(open(sys.argv[2], encoding='utf-8')), "
            "ensure_ascii=False))"
        )
        timings, bare, cpu, bare_cpu = [], [], [], []
        for run in range(args.runs):
            elapsed, used, result = _timed([command, "rate", str(file)], check=False)
            if result.returncode != 0:
                print(result.stderr.decode(), file=sys.stderr)
                return 1
            timings.append(elapsed)
            cpu.append(used)
            print(f"run {run + 1}: {elapsed:.3f} s ({used:.3f} s CPU)")
            if run == 0:
                output.write_bytes(result.stdout)
            elapsed, used, _ = _timed([sys.executable, "-c", bare_code, str(file), str(output)])
            bare.append(elapsed)
            bare_cpu.append(used)
        out = json.loads(result.stdout)
        ratings: dict[str, int] = {}
        for person in out["people"]:
            ratings[person["rating"]] = ratings.get(person["rating"], 0) + 1
        print(f"ratings: {dict(sorted(ratings.items()))}")
        print(f"best: {min(timings):.3f} s, median: {sorted(timings)[len(timings) // 2]:.3f} s")
        print(
            f"bare-Python lower bound (read input, write output): {min(bare):.3f} s; "
            f"danhgia rate = {min(timings) / min(bare):.1f}× (target: at most 3×)"
        )
        print(
            f"CPU time (user + sys), best: {min(cpu):.3f} s against {min(bare_cpu):.3f} s, "
            f"{min(cpu) / min(bare_cpu):.1f}×"
        )
    return 0


def _timed(args: list[str], check: bool = True) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall and CPU time (user + sys) of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(args, capture_output=True, check=check)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return elapsed, used, result


if __name__ == "__main__":
    sys.exit(main())
