"""manage.py import_organisation FILE [--dry-run] | --template FILE (SPEC §13.2)."""

from __future__ import annotations

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from danhgia.organisation import importing
from danhgia.xlsx import WorkbookInvalid, workbook_bytes

INVALID = 2


class Command(BaseCommand):
    help = (
        "Nhập đơn vị, nhóm so sánh, cán bộ, tài khoản và phân quyền từ một tệp .xlsx "
        "(tất cả hoặc không gì cả); --dry-run chỉ xem trước; --template FILE ghi mẫu trống. "
        "Tệp không hợp lệ: mọi lỗi ra stderr, mã thoát 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="tệp .xlsx cần nhập")
        parser.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi")
        parser.add_argument("--template", metavar="FILE", help="ghi bảng tính mẫu trống vào FILE")

    def handle(self, *args, **options):
        if options["template"]:
            Path(options["template"]).write_bytes(workbook_bytes(importing.template_workbook()))
            self.stdout.write(f"Đã ghi bảng tính mẫu: {options['template']}")
            return
        if not options["file"]:
            raise CommandError("Cần tên tệp .xlsx (hoặc --template FILE).")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp “{path}”.")
        try:
            with path.open("rb") as handle:
                upload = File(handle, name=path.name)
                if options["dry_run"]:
                    plan = importing.preview(upload)
                    counts = {kind: plan.count(kind) for kind in importing.KINDS}
                    self._report(counts, dry_run=True)
                    return
                result = importing.import_organisation(upload, filename=path.name)
        except WorkbookInvalid as invalid:
            for message in invalid.messages:
                self.stderr.write(message)
            raise SystemExit(INVALID) from None
        self._report(result.counts, dry_run=False)
        for username in result.emailed:
            self.stdout.write(f"Đã gửi thư đặt mật khẩu cho tài khoản “{username}”.")
        for username, link in result.links:
            self.stdout.write(
                f"Tài khoản “{username}” chưa có email; đường dẫn đặt mật khẩu: {link}"
            )

    def _report(self, counts, *, dry_run: bool) -> None:
        if dry_run:
            self.stdout.write("Xem trước (chưa ghi gì):")
        for line in importing.summary(counts):
            self.stdout.write(line)
        if not any(c["created"] or c["changed"] for c in counts.values()):
            self.stdout.write("Không thay đổi: dữ liệu trong tệp giống dữ liệu hiện có.")
