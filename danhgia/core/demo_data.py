"""The fictional province of the demo data: its blocks, units, posts and the names of its people.

Everything here is invented; names of places are common Vietnamese names, not a real province's
list. The block structure is the real one of a province's political system (SPEC §12).
"""

from __future__ import annotations

from dataclasses import dataclass

from danhgia.organisation.choices import Gender, LeadershipRole, ManagementScope

PROVINCE_CODE = "lam-ha"
PROVINCE_NAME = "Tỉnh Lâm Hà"
CODE_PREFIX = "LH"
DEMO_PASSWORD = "danhgia-demo"
FALLBACK_FRAMEWORK = "central-2026-pl3"
POLICY = "lamdong-2026"

HEAD, DEPUTY, MEMBER = LeadershipRole.HEAD, LeadershipRole.DEPUTY, LeadershipRole.MEMBER
POLITBURO, PROVINCIAL, LOWER = (
    ManagementScope.POLITBURO,
    ManagementScope.PROVINCIAL,
    ManagementScope.LOWER,
)

# (code, name, framework of its appendix)
BLOCKS = [
    ("thuong-truc", "Thường trực, Ban Thường vụ Tỉnh ủy", "lamdong-2026-pl1"),
    ("tham-muu", "Cơ quan tham mưu, giúp việc Tỉnh ủy", "lamdong-2026-pl3"),
    ("so-nganh", "Sở, ban, ngành tỉnh", "lamdong-2026-pl5"),
    ("mat-tran", "Mặt trận Tổ quốc và các tổ chức chính trị - xã hội tỉnh", "lamdong-2026-pl4"),
    ("hdnd", "Hội đồng nhân dân tỉnh", "lamdong-2026-pl6"),
    ("xa-phuong", "Xã, phường", "lamdong-2026-pl2"),
]

# (code, name)
COMPARISON_GROUPS = [
    ("thuong-truc-tinh-uy", "Thường trực Tỉnh ủy"),
    ("uy-vien-btv", "Ủy viên Ban Thường vụ Tỉnh ủy"),
    ("truong-ban-dang", "Trưởng các ban, cơ quan tham mưu Tỉnh ủy"),
    ("pho-truong-ban-dang", "Phó trưởng các ban, cơ quan tham mưu Tỉnh ủy"),
    ("giam-doc-so", "Giám đốc sở và tương đương"),
    ("pho-giam-doc-so", "Phó Giám đốc sở và tương đương"),
    ("truong-phong", "Trưởng phòng và tương đương thuộc cơ quan cấp tỉnh"),
    ("pho-truong-phong", "Phó Trưởng phòng và tương đương thuộc cơ quan cấp tỉnh"),
    ("dung-dau-mat-tran", "Người đứng đầu Mặt trận, tổ chức chính trị - xã hội tỉnh"),
    ("cap-pho-mat-tran", "Cấp phó Mặt trận, tổ chức chính trị - xã hội tỉnh"),
    ("lanh-dao-hdnd", "Thường trực Hội đồng nhân dân tỉnh"),
    ("truong-ban-hdnd", "Trưởng ban Hội đồng nhân dân tỉnh"),
    ("pho-truong-ban-hdnd", "Phó Trưởng ban Hội đồng nhân dân tỉnh"),
    ("bi-thu-xa", "Bí thư Đảng ủy xã, phường"),
    ("pho-bi-thu-xa", "Phó Bí thư Thường trực Đảng ủy xã, phường"),
    ("chu-tich-ubnd-xa", "Chủ tịch Ủy ban nhân dân xã, phường"),
    ("pho-chu-tich-xa", "Phó Chủ tịch HĐND, UBND xã, phường"),
    ("dung-dau-mat-tran-xa", "Người đứng đầu, cấp phó Mặt trận Tổ quốc xã, phường"),
    ("truong-ban-xa", "Trưởng các ban Đảng, Chủ nhiệm Ủy ban Kiểm tra cấp xã"),
    ("truong-phong-xa", "Trưởng phòng chuyên môn và tương đương cấp xã"),
]


@dataclass(frozen=True)
class Post:
    """A post to fill in a unit: its titles, leadership role, management scope and group."""

    government: str = ""
    party: str = ""
    mass_org: str = ""
    role: LeadershipRole = MEMBER
    scope: ManagementScope = LOWER
    group: str = ""
    count: int = 1
    gender: Gender | None = None  # fixed for posts such as the Women's Union chair


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    block: str
    posts: tuple[Post, ...]
    divisions: tuple[str, ...] = ()  # sub-units (phòng), each with a head and a deputy


STANDING = UnitSpec(
    "ban-thuong-vu",
    "Ban Thường vụ Tỉnh ủy",
    "thuong-truc",
    (
        Post(party="Bí thư Tỉnh ủy", role=HEAD, scope=POLITBURO, group="thuong-truc-tinh-uy"),
        Post(
            party="Phó Bí thư Thường trực Tỉnh ủy",
            role=DEPUTY,
            scope=POLITBURO,
            group="thuong-truc-tinh-uy",
        ),
        Post(
            party="Phó Bí thư Tỉnh ủy",
            government="Chủ tịch Ủy ban nhân dân tỉnh",
            role=DEPUTY,
            scope=POLITBURO,
            group="thuong-truc-tinh-uy",
        ),
        Post(
            party="Ủy viên Ban Thường vụ Tỉnh ủy",
            government="Phó Chủ tịch Thường trực Ủy ban nhân dân tỉnh",
            scope=POLITBURO,
            group="uy-vien-btv",
        ),
        Post(
            party="Ủy viên Ban Thường vụ Tỉnh ủy",
            government="Phó Chủ tịch Ủy ban nhân dân tỉnh",
            scope=POLITBURO,
            group="uy-vien-btv",
            count=2,
        ),
        Post(
            party="Ủy viên Ban Thường vụ Tỉnh ủy",
            government="Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh",
            scope=POLITBURO,
            group="uy-vien-btv",
            gender=Gender.MALE,
        ),
        Post(
            party="Ủy viên Ban Thường vụ Tỉnh ủy",
            government="Giám đốc Công an tỉnh",
            scope=POLITBURO,
            group="uy-vien-btv",
            gender=Gender.MALE,
        ),
        Post(
            party="Ủy viên Ban Thường vụ Tỉnh ủy, Bí thư Đảng ủy Ủy ban nhân dân tỉnh",
            scope=POLITBURO,
            group="uy-vien-btv",
        ),
        Post(
            party="Ủy viên Ban Thường vụ Tỉnh ủy, Bí thư Đảng ủy các cơ quan Đảng tỉnh",
            scope=POLITBURO,
            group="uy-vien-btv",
        ),
        Post(
            party="Ủy viên Ban Thường vụ Tỉnh ủy",
            government="Phó Chủ tịch Hội đồng nhân dân tỉnh",
            scope=POLITBURO,
            group="uy-vien-btv",
        ),
    ),
)


def _party_agency(code: str, name: str, head: str, deputy: str, divisions: tuple[str, ...]):
    return UnitSpec(
        code,
        name,
        "tham-muu",
        (
            Post(party=head, role=HEAD, scope=PROVINCIAL, group="truong-ban-dang"),
            Post(party=deputy, role=DEPUTY, scope=PROVINCIAL, group="pho-truong-ban-dang", count=3),
        ),
        divisions,
    )


PARTY_AGENCIES = [
    _party_agency(
        "ban-to-chuc",
        "Ban Tổ chức Tỉnh ủy",
        "Trưởng Ban Tổ chức Tỉnh ủy",
        "Phó Trưởng Ban Tổ chức Tỉnh ủy",
        ("Phòng Tổ chức – Cán bộ", "Phòng Cơ sở đảng – Đảng viên"),
    ),
    _party_agency(
        "ban-tuyen-giao-dan-van",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
        ("Phòng Tuyên truyền – Báo chí", "Phòng Dân vận"),
    ),
    _party_agency(
        "ubkt-tinh-uy",
        "Ủy ban Kiểm tra Tỉnh ủy",
        "Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy",
        "Phó Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy",
        ("Phòng Kiểm tra 1", "Phòng Kiểm tra 2"),
    ),
    _party_agency(
        "van-phong-tinh-uy",
        "Văn phòng Tỉnh ủy",
        "Chánh Văn phòng Tỉnh ủy",
        "Phó Chánh Văn phòng Tỉnh ủy",
        ("Phòng Tổng hợp", "Phòng Hành chính – Quản trị"),
    ),
    _party_agency(
        "ban-noi-chinh",
        "Ban Nội chính Tỉnh ủy",
        "Trưởng Ban Nội chính Tỉnh ủy",
        "Phó Trưởng Ban Nội chính Tỉnh ủy",
        ("Phòng Nội chính", "Phòng Phòng, chống tham nhũng, tiêu cực"),
    ),
]


def _department(code: str, name: str, divisions: tuple[str, ...], head: str = "", deputy: str = ""):
    head = head or f"Giám đốc {name}"
    deputy = deputy or f"Phó Giám đốc {name}"
    return UnitSpec(
        code,
        name,
        "so-nganh",
        (
            Post(government=head, role=HEAD, scope=PROVINCIAL, group="giam-doc-so"),
            Post(
                government=deputy,
                role=DEPUTY,
                scope=PROVINCIAL,
                group="pho-giam-doc-so",
                count=3,
            ),
        ),
        divisions,
    )


DEPARTMENTS = [
    _department(
        "so-tai-chinh",
        "Sở Tài chính",
        (
            "Phòng Quản lý ngân sách",
            "Phòng Tài chính doanh nghiệp",
            "Phòng Quản lý giá và công sản",
            "Văn phòng",
        ),
    ),
    _department(
        "so-noi-vu",
        "Sở Nội vụ",
        (
            "Phòng Tổ chức, biên chế",
            "Phòng Cải cách hành chính",
            "Phòng Lao động, việc làm",
            "Văn phòng",
        ),
    ),
    _department(
        "so-tu-phap",
        "Sở Tư pháp",
        ("Phòng Xây dựng và kiểm tra văn bản", "Phòng Phổ biến pháp luật", "Văn phòng"),
    ),
    _department(
        "so-cong-thuong",
        "Sở Công Thương",
        (
            "Phòng Quản lý công nghiệp",
            "Phòng Quản lý thương mại",
            "Phòng Quản lý năng lượng",
            "Văn phòng",
        ),
    ),
    _department(
        "so-nong-nghiep-moi-truong",
        "Sở Nông nghiệp và Môi trường",
        (
            "Phòng Trồng trọt và bảo vệ thực vật",
            "Phòng Quản lý đất đai",
            "Phòng Môi trường",
            "Văn phòng",
        ),
    ),
    _department(
        "so-xay-dung",
        "Sở Xây dựng",
        (
            "Phòng Quy hoạch – Kiến trúc",
            "Phòng Quản lý hạ tầng giao thông",
            "Phòng Phát triển đô thị",
            "Văn phòng",
        ),
    ),
    _department(
        "so-giao-duc-dao-tao",
        "Sở Giáo dục và Đào tạo",
        (
            "Phòng Giáo dục phổ thông",
            "Phòng Tổ chức cán bộ",
            "Phòng Kế hoạch – Tài chính",
            "Văn phòng",
        ),
    ),
    _department(
        "so-y-te",
        "Sở Y tế",
        ("Phòng Nghiệp vụ y", "Phòng Nghiệp vụ dược", "Phòng Kế hoạch – Tài chính", "Văn phòng"),
    ),
    _department(
        "so-van-hoa-the-thao-du-lich",
        "Sở Văn hóa, Thể thao và Du lịch",
        (
            "Phòng Quản lý văn hóa",
            "Phòng Quản lý thể dục thể thao",
            "Phòng Quản lý du lịch",
            "Văn phòng",
        ),
    ),
    _department(
        "so-khoa-hoc-cong-nghe",
        "Sở Khoa học và Công nghệ",
        (
            "Phòng Quản lý khoa học",
            "Phòng Chuyển đổi số",
            "Phòng Bưu chính – Viễn thông",
            "Văn phòng",
        ),
    ),
    _department(
        "so-dan-toc-ton-giao",
        "Sở Dân tộc và Tôn giáo",
        ("Phòng Chính sách dân tộc", "Phòng Quản lý tôn giáo", "Văn phòng"),
    ),
    _department(
        "so-ngoai-vu",
        "Sở Ngoại vụ",
        ("Phòng Lãnh sự", "Phòng Hợp tác quốc tế", "Văn phòng"),
    ),
    _department(
        "thanh-tra-tinh",
        "Thanh tra tỉnh",
        ("Phòng Thanh tra 1", "Phòng Thanh tra 2", "Phòng Tiếp công dân", "Văn phòng"),
        head="Chánh Thanh tra tỉnh",
        deputy="Phó Chánh Thanh tra tỉnh",
    ),
    _department(
        "van-phong-ubnd",
        "Văn phòng Ủy ban nhân dân tỉnh",
        (
            "Phòng Tổng hợp",
            "Phòng Kinh tế",
            "Phòng Khoa giáo – Văn xã",
            "Phòng Hành chính – Tổ chức",
        ),
        head="Chánh Văn phòng Ủy ban nhân dân tỉnh",
        deputy="Phó Chánh Văn phòng Ủy ban nhân dân tỉnh",
    ),
]

FRONT = UnitSpec(
    "mttq-tinh",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
    "mat-tran",
    (
        Post(
            mass_org="Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
            role=HEAD,
            scope=POLITBURO,
            group="dung-dau-mat-tran",
        ),
        Post(
            mass_org="Phó Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
            role=DEPUTY,
            scope=PROVINCIAL,
            group="cap-pho-mat-tran",
            count=2,
        ),
    ),
)


def _mass_org(code: str, name: str, head: str, deputy: str, gender: Gender | None = None):
    return UnitSpec(
        code,
        name,
        "mat-tran",
        (
            Post(
                mass_org=head, role=HEAD, scope=PROVINCIAL, group="dung-dau-mat-tran", gender=gender
            ),
            Post(
                mass_org=deputy,
                role=DEPUTY,
                scope=PROVINCIAL,
                group="cap-pho-mat-tran",
                count=2,
                gender=gender,
            ),
        ),
    )


# Since 2025 the mass organisations work under the Fatherland Front: children of its unit.
MASS_ORGANISATIONS = [
    _mass_org(
        "hoi-phu-nu",
        "Hội Liên hiệp Phụ nữ tỉnh",
        "Chủ tịch Hội Liên hiệp Phụ nữ tỉnh",
        "Phó Chủ tịch Hội Liên hiệp Phụ nữ tỉnh",
        gender=Gender.FEMALE,
    ),
    _mass_org("tinh-doan", "Tỉnh đoàn", "Bí thư Tỉnh đoàn", "Phó Bí thư Tỉnh đoàn"),
    _mass_org(
        "hoi-nong-dan",
        "Hội Nông dân tỉnh",
        "Chủ tịch Hội Nông dân tỉnh",
        "Phó Chủ tịch Hội Nông dân tỉnh",
    ),
    _mass_org(
        "hoi-cuu-chien-binh",
        "Hội Cựu chiến binh tỉnh",
        "Chủ tịch Hội Cựu chiến binh tỉnh",
        "Phó Chủ tịch Hội Cựu chiến binh tỉnh",
        gender=Gender.MALE,
    ),
    _mass_org(
        "lien-doan-lao-dong",
        "Liên đoàn Lao động tỉnh",
        "Chủ tịch Liên đoàn Lao động tỉnh",
        "Phó Chủ tịch Liên đoàn Lao động tỉnh",
    ),
]

COUNCIL = [
    UnitSpec(
        "thuong-truc-hdnd",
        "Thường trực Hội đồng nhân dân tỉnh",
        "hdnd",
        (
            Post(
                government="Chủ tịch Hội đồng nhân dân tỉnh",
                role=HEAD,
                scope=POLITBURO,
                group="lanh-dao-hdnd",
            ),
            Post(
                government="Phó Chủ tịch Hội đồng nhân dân tỉnh",
                role=DEPUTY,
                scope=PROVINCIAL,
                group="lanh-dao-hdnd",
            ),
        ),
    ),
    *(
        UnitSpec(
            code,
            f"{name} Hội đồng nhân dân tỉnh",
            "hdnd",
            (
                Post(
                    government=f"Trưởng {name} Hội đồng nhân dân tỉnh",
                    role=HEAD,
                    scope=PROVINCIAL,
                    group="truong-ban-hdnd",
                ),
                Post(
                    government=f"Phó Trưởng {name} Hội đồng nhân dân tỉnh",
                    role=DEPUTY,
                    scope=PROVINCIAL,
                    group="pho-truong-ban-hdnd",
                    count=2,
                ),
            ),
        )
        for code, name in (
            ("ban-phap-che-hdnd", "Ban Pháp chế"),
            ("ban-kinh-te-ngan-sach-hdnd", "Ban Kinh tế – Ngân sách"),
            ("ban-van-hoa-xa-hoi-hdnd", "Ban Văn hóa – Xã hội"),
            ("ban-dan-toc-hdnd", "Ban Dân tộc"),
        )
    ),
]

WARDS = ["Hòa Bình", "Tân An", "Trung Tâm", "Đồi Thông", "Hồ Sen", "Suối Mây"]
COMMUNES = [
    "Tân Lập",
    "Phú Sơn",
    "Thanh Bình",
    "An Khánh",
    "Hòa Lạc",
    "Đông Sơn",
    "Suối Vàng",
    "Nam Hà",
    "Tây Sơn",
    "Phước Lộc",
    "Bình Minh",
    "Hương Lâm",
    "Kim Phong",
    "Lạc Thủy",
    "Đạ Quý",
    "Mây Hồng",
    "Thượng Lâm",
    "Bảo Sơn",
    "Phú Thịnh",
]


def commune_posts(kind: str) -> tuple[Post, ...]:
    """The posts of a commune or ward (``kind``: "xã" | "phường")."""
    return (
        Post(
            party=f"Bí thư Đảng ủy {kind}",
            government=f"Chủ tịch Hội đồng nhân dân {kind}",
            role=HEAD,
            scope=PROVINCIAL,
            group="bi-thu-xa",
        ),
        Post(
            party=f"Phó Bí thư Thường trực Đảng ủy {kind}",
            role=DEPUTY,
            scope=PROVINCIAL,
            group="pho-bi-thu-xa",
        ),
        Post(
            party=f"Phó Bí thư Đảng ủy {kind}",
            government=f"Chủ tịch Ủy ban nhân dân {kind}",
            role=DEPUTY,
            scope=PROVINCIAL,
            group="chu-tich-ubnd-xa",
        ),
        Post(
            government=f"Phó Chủ tịch Hội đồng nhân dân {kind}",
            role=DEPUTY,
            group="pho-chu-tich-xa",
        ),
        Post(
            government=f"Phó Chủ tịch Ủy ban nhân dân {kind}",
            role=DEPUTY,
            group="pho-chu-tich-xa",
            count=2,
        ),
        Post(
            mass_org=f"Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam {kind}",
            group="dung-dau-mat-tran-xa",
        ),
        Post(
            mass_org=f"Phó Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam {kind}",
            group="dung-dau-mat-tran-xa",
        ),
        Post(party=f"Chủ nhiệm Ủy ban Kiểm tra Đảng ủy {kind}", group="truong-ban-xa"),
        Post(party="Trưởng Ban Xây dựng Đảng", group="truong-ban-xa"),
        Post(
            government="Trưởng phòng Kinh tế"
            if kind == "xã"
            else "Trưởng phòng Kinh tế, Hạ tầng và Đô thị",
            group="truong-phong-xa",
        ),
        Post(government="Trưởng phòng Văn hóa – Xã hội", group="truong-phong-xa"),
        Post(
            government="Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
            group="truong-phong-xa",
        ),
        Post(
            government="Giám đốc Trung tâm Phục vụ hành chính công",
            group="truong-phong-xa",
        ),
    )


# Family names roughly in their national proportions (most common first).
FAMILY_NAMES = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 4),
    ("Phan", 4),
    ("Vũ", 4),
    ("Võ", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
    ("Trương", 1),
]
MINORITY_FAMILY_NAMES = ["Nông", "Lò", "Triệu", "Lương", "Hà", "Ma", "Bế", "Sầm", "Đàm", "Vi"]
MIDDLE_NAMES = {
    Gender.MALE: ["Văn", "Đức", "Minh", "Quốc", "Hữu", "Thanh", "Công", "Xuân", "Ngọc", "Trọng"],
    Gender.FEMALE: ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Hồng", "Phương"],
}
# fmt: off
GIVEN_NAMES = {
    Gender.MALE: [
        "Hùng", "Dũng", "Tuấn", "Hải", "Long", "Nam", "Sơn", "Thắng", "Cường", "Quang",
        "Phong", "Trung", "Hiếu", "Toàn", "Khánh", "Bình", "Thành", "Vinh", "Tâm", "Đức",
        "Hoàng", "Lâm", "Kiên", "Tùng", "Hưng", "Phúc", "Thịnh", "Quyết", "Nghĩa", "Hòa",
    ],
    Gender.FEMALE: [
        "Lan", "Hương", "Hoa", "Mai", "Hằng", "Thảo", "Linh", "Nga", "Trang", "Yến",
        "Hạnh", "Thủy", "Loan", "Nhung", "Dung", "Phương", "Huyền", "Oanh", "Vân", "Hà",
        "Ngân", "Liên", "Tuyết", "Thoa", "Hiền", "Giang", "Quyên", "Thư", "Nhàn", "Duyên",
    ],
}
# fmt: on
