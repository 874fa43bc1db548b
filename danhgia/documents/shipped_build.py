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


def collective():
    d = b.new_document(version="phu-luc-7 v1")
    b.paragraph(d, "{{ appendix_note }}", italic=True, align="right", size=12)
    b.letterhead(d)
    b.title(d, "{{ title }}", "{{ subtitle }}")
    b.paragraph(d, "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ, CÔNG VIỆC ĐƯỢC GIAO", bold=True)
    b.grid(
        d,
        [
            "TT",
            "Nhiệm vụ, công việc, chỉ tiêu chủ yếu",
            "Trục kết quả trọng tâm",
            "Sản phẩm/Kết quả theo kế hoạch",
            "Kết quả thực hiện",
            "Mức độ hoàn thành",
            "Ghi chú",
        ],
        [11, 45, 17, 27, 24, 23, 18],
        "r in rows",
        [
            "{{ r.number }}",
            "{{ r.title }}",
            "{{ r.axis }}",
            "{{ r.planned }}",
            "{{ r.result }}",
            "{{ r.level }}",
            "{{ r.note }}",
        ],
        aligns=["center", "left", "left", "left", "left", "left", "left"],
        row_bold="r.kind == 'group'",
    )
    b.paragraph(d, "- Tổng số nhiệm vụ được giao: {{ tasks_total }}")
    b.paragraph(d, "- Hoàn thành: {{ tasks_completed }} (trong đó chậm hạn: {{ tasks_late }})")
    b.paragraph(d, "- Chưa hoàn thành: {{ not_completed }}")
    b.paragraph(d, "- Tỷ lệ hoàn thành: {{ completion }}")
    b.paragraph(d, "II. KẾT QUẢ NỔI BẬT", bold=True, space_before=6)
    for number, heading, name in (
        (1, "Kết quả nổi bật", "highlights"),
        (2, "Mô hình mới, cách làm sáng tạo, sản phẩm tiêu biểu (nếu có)", "new_models"),
        (3, "Nhiệm vụ đột xuất hoàn thành trong quý (nếu có)", "ad_hoc_done"),
    ):
        b.paragraph(d, f"{number}. {heading}", bold=True)
        b.paragraph(d, "{%p for line in " + name + " %}")
        b.paragraph(d, "- {{ line }}")
        b.paragraph(d, "{%p endfor %}")
    b.paragraph(d, "{%p for line in ad_hoc_tasks %}")
    b.paragraph(d, "- {{ line }}")
    b.paragraph(d, "{%p endfor %}")
    b.paragraph(d, "III. HẠN CHẾ, TỒN TẠI", bold=True, space_before=6)
    table = d.add_table(rows=2, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("Nội dung", "Nguyên nhân", "Giải pháp khắc phục"), strict=True
    ):
        b._cell_text(cell, text, bold=True, align="center")
    for cell, text in zip(
        table.rows[1].cells, ("{{ shortcomings }}", "{{ causes }}", "{{ remedies }}"), strict=True
    ):
        b._cell_text(cell, text)
    b.paragraph(d, "IV. TỰ ĐÁNH GIÁ MỨC ĐỘ HOÀN THÀNH NHIỆM VỤ", bold=True, space_before=6)
    b.paragraph(d, "{%p for level in levels %}")
    b.paragraph(d, "{{ level.mark }} {{ level.label }}")
    b.paragraph(d, "{%p endfor %}")
    b.paragraph(
        d,
        "XÁC NHẬN CỦA BAN THƯỜNG VỤ CẤP ỦY/\nTẬP THỂ LÃNH ĐẠO ĐỊA PHƯƠNG, CƠ QUAN, ĐƠN VỊ",
        bold=True,
        align="center",
        space_before=12,
    )
    return d


MEMBER_HEADERS = [
    "STT",
    "Họ và tên",
    "Chức vụ",
    "Tự chấm",
    "Tự xếp loại",
    "Tập thể lãnh đạo chấm",
    "Đề xuất xếp loại",
]
MEMBER_CELLS = [
    "{{ m.number }}",
    "{{ m.name }}",
    "{{ m.position }}",
    "{{ m.self_total }}",
    "{{ m.self_rating }}",
    "{{ m.review_total }}",
    "{{ m.review_rating }}",
]
MEMBER_WIDTHS = [11, 33, 37, 16, 24, 17, 27]
MEMBER_ALIGNS = ["center", "left", "left", "right", "left", "right", "left"]


def memo():
    d = b.new_document(version="to-trinh v1")
    b.letterhead(d)
    b.title(d, "{{ title }}", "{{ subtitle }}")
    b.paragraph(
        d,
        "Kính gửi: Ban Thường vụ Tỉnh ủy (qua Ban Tổ chức Tỉnh ủy)",
        align="center",
        space_after=8,
    )
    b.paragraph(
        d,
        "Thực hiện hướng dẫn đánh giá định kỳ hằng quý đối với cán bộ lãnh đạo, quản lý, "
        "{{ unit }} đã tổ chức cho cá nhân tự đánh giá, xếp loại và tập thể lãnh đạo nhận xét, "
        "đề xuất xếp loại {{ quarter }}{% if meeting_date %} tại hội nghị ngày "
        "{{ meeting_date }}{% endif %}. Kết quả như sau:",
    )
    b.paragraph(
        d,
        "1. Số cán bộ được đánh giá: {{ member_count }}; đã nộp bản tự đánh giá: "
        "{{ submitted_count }}.",
    )
    b.paragraph(d, "2. Tập thể lãnh đạo đề xuất xếp loại:")
    b.paragraph(d, "{%p for p in proposals %}")
    b.paragraph(d, "- {{ p.label }}: {{ p.count }}")
    b.paragraph(d, "{%p endfor %}")
    b.paragraph(d, "3. Danh sách cụ thể:")
    b.grid(d, MEMBER_HEADERS, MEMBER_WIDTHS, "m in members", MEMBER_CELLS, aligns=MEMBER_ALIGNS)
    b.paragraph(d, "4. Hồ sơ kèm theo:")
    b.paragraph(d, "{%p for a in attachments %}")
    b.paragraph(d, "- {{ a.label }} ({{ a.state }})")
    b.paragraph(d, "{%p endfor %}")
    b.paragraph(d, "Kính trình Ban Thường vụ Tỉnh ủy xem xét, quyết định./.")
    b.signatures(
        d,
        ("Nơi nhận:", "- Như trên;\n- Lưu.", ""),
        ("T/M TẬP THỂ LÃNH ĐẠO", "(Ký, ghi rõ họ tên, đóng dấu)", ""),
    )
    return d


def minutes():
    d = b.new_document(version="bien-ban v1")
    b.letterhead(d)
    b.title(d, "{{ title }}", "{{ subtitle }}")
    b.paragraph(d, "Thời gian: ngày {{ held_on }}.")
    b.paragraph(d, "Đơn vị: {{ unit }}.")
    b.paragraph(d, "I. THÀNH PHẦN DỰ HỌP", bold=True, space_before=6)
    b.paragraph(d, "{%p for line in attendees %}")
    b.paragraph(d, "{{ line }}")
    b.paragraph(d, "{%p endfor %}")
    b.paragraph(d, "II. NỘI DUNG", bold=True, space_before=6)
    b.paragraph(d, "{%p for line in minutes %}")
    b.paragraph(d, "{{ line }}")
    b.paragraph(d, "{%p endfor %}")
    b.paragraph(d, "III. KẾT QUẢ NHẬN XÉT, ĐỀ XUẤT XẾP LOẠI", bold=True, space_before=6)
    b.grid(d, MEMBER_HEADERS, MEMBER_WIDTHS, "m in members", MEMBER_CELLS, aligns=MEMBER_ALIGNS)
    b.paragraph(d, "{%p for p in proposals %}")
    b.paragraph(d, "- {{ p.label }}: {{ p.count }}")
    b.paragraph(d, "{%p endfor %}")
    b.paragraph(d, "Biên bản do {{ recorder }} ghi, đã thông qua tại hội nghị.")
    b.signatures(
        d,
        ("THƯ KÝ HỘI NGHỊ", "(Ký, ghi rõ họ tên)", ""),
        ("CHỦ TRÌ HỘI NGHỊ", "(Ký, ghi rõ họ tên)", ""),
    )
    return d


#: shipped file name → builder
TEMPLATES: dict[str, Callable] = {
    "ban-tu-danh-gia.docx": self_assessment,
    "phu-luc-7.docx": collective,
    "to-trinh.docx": memo,
    "bien-ban.docx": minutes,
}
