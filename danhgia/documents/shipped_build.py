"""The shipped .docx templates, written by ``manage.py build_document_templates``.

One function per template; each returns a python-docx document with docxtpl tags. Raise a
kind's ``template_version`` when its template changes, so that a province sees which shipped
version it started from.
"""

from __future__ import annotations

from collections.abc import Callable

from . import docxbuild as b

SEVERAL = "(Theo 04 mức: 1- Hoàn thành xuất sắc nhiệm vụ, 2- Hoàn thành tốt nhiệm vụ, " + (
    "3- Hoàn thành nhiệm vụ và 4- Không hoàn thành nhiệm vụ)"
)


def self_assessment():
    d = b.new_document(version="ban-tu-danh-gia v1")
    b.paragraph(d, "{{ appendix_note }}", italic=True, align="right", size=12)
    b.letterhead(d)
    b.title(d, "{{ title }}", "{{ subtitle }}")
    for text in (
        "Họ và tên: {{ official.name }}\tNgày sinh: {{ official.birth }}",
        "Chức vụ Đảng: {{ official.party_position }}",
        "Chức vụ chính quyền: {{ official.government_position }}",
        "Chức vụ đoàn thể: {{ official.mass_org_position }}",
        "Đơn vị công tác: {{ official.unit }}",
    ):
        b.paragraph(d, text, align="left")
    b.paragraph(d, "I. Tự đánh giá kết quả thực hiện nhiệm vụ", bold=True, space_before=6)
    b.paragraph(
        d,
        "Trên cơ sở nhiệm vụ được giao, cá nhân tự đánh giá về kết quả thực hiện nhiệm vụ "
        "theo quý như sau:",
    )
    b.paragraph(
        d,
        "A. {{ part_a_heading }}",
        bold=True,
    )
    b.grid(
        d,
        [
            "TT",
            "Tiêu chí / Nội dung",
            "Đảm bảo",
            "Không đảm bảo",
            "Điểm tối đa",
            "Điểm đạt",
            "Ghi chú",
        ],
        [11, 66, 16, 17, 16, 16, 23],
        "r in rows_a",
        [
            "{{ r.number }}",
            "{{ r.content }}",
            "{{ r.met }}",
            "{{ r.not_met }}",
            "{{ r.max }}",
            "{{ r.points }}",
            "{{ r.note }}",
        ],
        aligns=["center", "justify", "center", "center", "right", "right", "left"],
        footer=[["", "Tổng (A)", "", "", "{{ part_a_max }}", "{{ part_a }}", ""]],
        row_bold="r.kind == 'group'",
    )
    b.paragraph(d, "B. KẾT QUẢ THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO ({{ part_b_max }} ĐIỂM)", bold=True)
    b.grid(
        d,
        [
            "TT",
            "Tiêu chí / Nội dung",
            "Mục tiêu, nhiệm vụ đề ra",
            "Kết quả sản phẩm thực tế",
            "Điểm KPI",
            "Điểm tối đa",
            "Điểm đạt",
            "Ghi chú",
        ],
        [10, 47, 23, 21, 15, 14, 15, 20],
        "r in rows_b",
        [
            "{{ r.number }}",
            "{{ r.content }}",
            "{{ r.target }}",
            "{{ r.result }}",
            "{{ r.kpi }}",
            "{{ r.max }}",
            "{{ r.points }}",
            "{{ r.note }}",
        ],
        aligns=["center", "left", "left", "left", "right", "right", "right", "left"],
        footer=[
            ["", "TỔNG (B)", "", "", "", "{{ part_b_max }}", "{{ part_b }}", ""],
            ["", "TỔNG (A+B)", "", "", "", "{{ total_max }}", "{{ total }}", ""],
        ],
        row_bold="r.kind == 'group'",
    )
    b.paragraph(
        d, "II. Tự đề xuất xếp loại mức chất lượng: {{ proposed }}", bold=True, space_before=6
    )
    b.paragraph(d, SEVERAL, italic=True)
    b.signatures(
        d, ("", "", ""), ("CÁ NHÂN TỰ ĐÁNH GIÁ", "(Ký, ghi rõ họ tên)", "{{ official.name }}")
    )
    b.paragraph(d, "III. Nhận xét, đánh giá của cấp có thẩm quyền", bold=True, space_before=6)
    b.paragraph(d, "{{ part3.hidden }}", italic=True)
    b.paragraph(d, "- Chấm điểm: {{ part3.score }}")
    b.paragraph(d, "- Đề xuất xếp loại: {{ part3.proposed }}")
    b.paragraph(d, "{%p for line in part3.stages %}")
    b.paragraph(d, "+ {{ line }}")
    b.paragraph(d, "{%p endfor %}")
    b.paragraph(
        d, "- Mức độ đáp ứng đối với các mục tiêu, nhiệm vụ then chốt: {{ part3.key_tasks }}"
    )
    b.paragraph(d, "{%p for t in key_tasks %}")
    b.paragraph(
        d,
        "+ {{ t.title }}: {{ t.response or 'chưa đánh giá' }}"
        "{% if t.comment %} ({{ t.comment }}){% endif %}",
    )
    b.paragraph(d, "{%p endfor %}")
    b.paragraph(d, "- Xếp loại của cấp có thẩm quyền: {{ part3.decision }}")
    b.paragraph(
        d,
        "XÁC NHẬN CỦA BAN THƯỜNG VỤ ĐẢNG ỦY TRỰC THUỘC TỈNH ỦY\n"
        "HOẶC TẬP THỂ LÃNH ĐẠO CƠ QUAN, ĐƠN VỊ",
        bold=True,
        align="center",
        space_before=12,
    )
    b.paragraph(
        d, "(Xác lập thời điểm, ký, ghi rõ họ tên và đóng dấu)", italic=True, align="center"
    )
    return d


#: shipped file name → builder
TEMPLATES: dict[str, Callable] = {
    "ban-tu-danh-gia.docx": self_assessment,
}
