"""Benchmark: `manage.py import_organisation` on a generated province (10,000 officials in
1,000 units, 20 groups, an account for every official, a role for every unit's head).

Usage: python bench/import_bench.py [--officials N] [--units N] [--keep]
Migrates a fresh SQLite database in a temporary folder (not timed), writes the workbook, then
times the import and a second import of the same file (which must change nothing), each as a
whole command (process start included). Target (issue 11): under 10 seconds on this machine.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HEADERS = {
    "Đơn vị": ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Khối"],
    "Nhóm so sánh": ["Mã nhóm", "Tên nhóm"],
    "Cán bộ": [
        "Mã cán bộ", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc thiểu số", "Chức vụ Đảng",
        "Chức vụ chính quyền", "Chức vụ đoàn thể", "Mã đơn vị", "Vai trò trong tập thể lãnh đạo",
        "Diện quản lý", "Mã nhóm so sánh", "Ngày vào công tác", "Ngày nghỉ hưu dự kiến",
        "Tên đăng nhập", "Email",
    ],
    "Phân quyền": ["Tên đăng nhập", "Vai trò", "Mã đơn vị", "Cả đơn vị cấp dưới"],
}  # fmt: skip
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Quốc", "Ngọc", "Hữu", "Thu"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hùng", "Lan", "Mai", "Sơn", "Tâm"]
BLOCKS = ["Khối Đảng", "Khối chính quyền", "Khối Mặt trận, đoàn thể", "Khối xã, phường"]


def generate(path: Path, officials: int, units: int, seed: int = 2026) -> None:
    rnd = random.Random(seed)
    # A normal workbook, not write-only: its text is in shared strings, as Excel saves it.
    book = Workbook()
    book.remove(book.active)
    sheets = {name: book.create_sheet(name) for name in HEADERS}
    for name, headers in HEADERS.items():
        sheets[name].append(headers)
    codes = ["tinh"]
    sheets["Đơn vị"].append(["tinh", "Tỉnh Thử Nghiệm", None, None])
    for n in range(1, units):
        parent = codes[rnd.randrange(max(1, len(codes) // 10 + 1))]
        codes.append(f"dv-{n:04d}")
        sheets["Đơn vị"].append([codes[-1], f"Đơn vị số {n}", parent, rnd.choice(BLOCKS)])
    for g in range(20):
        sheets["Nhóm so sánh"].append([f"nhom-{g:02d}", f"Nhóm so sánh {g}"])
    for n in range(officials):
        unit = codes[n % units]
        head = n < units
        name = f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"
        born = f"{rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/{rnd.randint(1966, 1990)}"
        sheets["Cán bộ"].append(
            [
                f"CB{n:05d}", name, born, rnd.choice(["Nam", "Nữ"]), rnd.choice(["Có", "Không"]),
                None, "Giám đốc" if head else "Phó Giám đốc", None, unit,
                "Người đứng đầu" if head else "Cấp phó", "Ban Thường vụ Tỉnh ủy quản lý",
                f"nhom-{n % 20:02d}", "01/08/2005", None, f"cb{n:05d}",
                f"cb{n:05d}@example.vn" if n % 2 else None,
            ]
        )  # fmt: skip
        if head:
            sheets["Phân quyền"].append([f"cb{n:05d}", "Lãnh đạo đơn vị", unit, "Có"])
    book.save(path)


def timed(command: list[str], env: dict) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return elapsed, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officials", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=1_000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="import-bench-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DEBUG": "true",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    workbook = folder / "to-chuc.xlsx"
    generate(workbook, args.officials, args.units)
    size = workbook.stat().st_size // 1024
    print(f"workbook: {args.units} units, {args.officials} officials ({size} KB)")
    first, out = timed([*manage, "import_organisation", str(workbook)], env)
    print(out.splitlines()[1] if len(out.splitlines()) > 1 else out)
    print(f"first import: {first:.2f} s (target < 10 s)")
    second, out = timed([*manage, "import_organisation", str(workbook)], env)
    assert "Không thay đổi" in out, out
    print(f"same file again (no change): {second:.2f} s")
    if args.keep:
        print(f"kept: {folder}")


if __name__ == "__main__":
    main()
