"""Versioned copies of the engine's frameworks and policies, as used by periods (SPEC §11, §12).

A record keeps the whole data file as JSON; its title, status and problems are read from that
content by the engine whenever the record is saved. Once a period uses a version, the version
is read-only: a change makes a new version, and past evaluations keep theirs.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danhgia.engine import (
    EngineError,
    Framework,
    Policy,
    framework_from_mapping,
    policy_from_mapping,
)

from .choices import FrameworkStatus, PolicyStatus
from .messages import describe_error


class JSONTextField(models.TextField):
    """JSON kept as text, exactly in the order written.

    PostgreSQL's jsonb reorders the keys of an object, and the order of a category table
    ("Tốt", "Khá", "Trung bình") is part of the framework as published.
    """

    def from_db_value(self, value, expression, connection):
        return None if value is None else json.loads(value)

    def to_python(self, value):
        if isinstance(value, str):
            try:
                return json.loads(value)
            except json.JSONDecodeError as exc:
                raise ValidationError(_("Nội dung không phải JSON hợp lệ.")) from exc
        return value

    def get_prep_value(self, value):
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def formfield(self, **kwargs):
        from .forms import DataFileField  # the admin's field: YAML or JSON, shown indented

        help_text = _(
            "Dán nội dung tệp YAML hoặc JSON theo định dạng khung chấm điểm / chính sách; "
            "hệ thống lưu dưới dạng JSON và kiểm tra khi lưu."
        )
        return super().formfield(
            **{
                "form_class": DataFileField,
                "encoder": DjangoJSONEncoder,
                "help_text": help_text,
                **kwargs,
            }
        )


class RulesVersionLocked(ValidationError):
    """A version used by a period was about to change."""


_LOADED: dict[tuple, Any] = {}
_LOADED_SIZE = 64


class RulesVersion(models.Model):
    code = models.CharField(_("mã"), max_length=100)
    version = models.PositiveIntegerField(_("phiên bản"))
    title = models.CharField(_("tên"), max_length=300, editable=False)
    problems = models.JSONField(_("các vấn đề"), default=list, editable=False)
    content = JSONTextField(_("nội dung tệp dữ liệu"))
    origin = models.CharField(_("nguồn"), max_length=300, blank=True)
    # Hash of the data file this version was imported from: re-importing it changes nothing.
    import_hash = models.CharField(
        _("mã băm tệp nhập"), max_length=64, blank=True, editable=False, db_index=True
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    #: what may no longer change once a period uses the version
    LOCKED_FIELDS = ("code", "version", "content")

    class Meta:
        abstract = True
        ordering = ("code", "-version")
        constraints = (
            models.UniqueConstraint(
                fields=["code", "version"], name="%(app_label)s_%(class)s_unique_version"
            ),
        )

    def __str__(self) -> str:
        return f"{self.code} (v{self.version})"

    def save(self, *args, **kwargs) -> None:
        self.refuse_if_locked()
        self.refresh_from_content()
        if self.pk is not None and self.import_hash:
            stored = type(self).objects.filter(pk=self.pk).values_list("content", flat=True)
            if stored and stored[0] != self.content:
                # no longer the imported file (D19): re-importing that file makes a new version
                self.import_hash = ""
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "import_hash"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.refuse_if_locked()

    def in_use(self) -> bool:
        raise NotImplementedError

    def refuse_if_locked(self) -> None:
        """Raise RulesVersionLocked when a version used by a period is being changed."""
        if self.pk is None:
            return
        stored = type(self).objects.filter(pk=self.pk).values(*self.LOCKED_FIELDS).first()
        if stored is None:
            return
        changed = [f for f in self.LOCKED_FIELDS if stored[f] != getattr(self, f)]
        if changed and self.in_use():
            raise RulesVersionLocked(
                _(
                    "Phiên bản này đã được kỳ đánh giá sử dụng nên không thể sửa; "
                    "hãy tạo phiên bản mới."
                ),
                code="locked",
            )

    def refresh_from_content(self) -> None:
        """Read title, status and problems from the content through the engine."""
        problems: list[str] = []
        loaded = None
        if not isinstance(self.content, dict):
            problems.append(str(_("Nội dung phải là một ánh xạ (mapping) của tệp dữ liệu.")))
        else:
            try:
                loaded = self._load_content()
            except EngineError as exc:
                content = self.content if isinstance(self, FrameworkVersion) else None
                problems.append(describe_error(exc, content))
        if loaded is not None and loaded.id != self.code:
            problems.append(
                str(_("Mã trong nội dung (%(id)s) khác mã của bản ghi (%(code)s)."))
                % {"id": loaded.id, "code": self.code}
            )
        self._apply(loaded, problems)

    def load(self) -> Any:
        """The engine's object for this version's content, loaded once per process and save.

        A saved version changes only through a save (which moves ``updated_at``), so the key
        (model, pk, updated_at) never serves stale content.
        """
        if self.pk is None:
            return self._load_content()
        key = (type(self).__name__, self.pk, self.updated_at)
        if key not in _LOADED:
            if len(_LOADED) >= _LOADED_SIZE:
                _LOADED.clear()
            _LOADED[key] = self._load_content()
        return _LOADED[key]

    def _load_content(self) -> Any:
        raise NotImplementedError

    def _apply(self, loaded: Any, problems: list[str]) -> None:
        raise NotImplementedError


class FrameworkVersion(RulesVersion):
    """One version of a scoring framework (khung chấm điểm)."""

    status = models.CharField(
        _("trạng thái"), max_length=10, choices=FrameworkStatus.choices, editable=False
    )
    appendix = models.CharField(_("phụ lục"), max_length=100, blank=True, editable=False)
    policy_code = models.CharField(
        _("chính sách mặc định"), max_length=100, blank=True, editable=False
    )

    class Meta(RulesVersion.Meta):
        verbose_name = _("phiên bản khung chấm điểm")
        verbose_name_plural = _("khung chấm điểm")

    def get_absolute_url(self) -> str:
        return reverse("rules:framework_detail", args=[self.pk])

    def in_use(self) -> bool:
        return self.period_uses.exists()

    @property
    def is_valid(self) -> bool:
        return self.status == FrameworkStatus.VALID

    def _load_content(self) -> Framework:
        return framework_from_mapping(self.content)

    def _apply(self, loaded: Framework | None, problems: list[str]) -> None:
        if loaded is None:
            self.title = self.title or self.code
            self.status = FrameworkStatus.INVALID
            self.problems = problems
            return
        self.title = loaded.title
        self.appendix = loaded.appendix
        self.policy_code = loaded.policy
        self.problems = [*loaded.problems, *problems]
        self.status = FrameworkStatus.INVALID if problems else loaded.status


class PolicyVersion(RulesVersion):
    """One version of a province's policy, stored with its ``extends`` chain resolved."""

    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PolicyStatus.choices, editable=False
    )
    province = models.CharField(_("tỉnh"), max_length=100, blank=True, editable=False)

    class Meta(RulesVersion.Meta):
        verbose_name = _("phiên bản chính sách")
        verbose_name_plural = _("chính sách")

    def in_use(self) -> bool:
        return self.periods.exists()

    @property
    def is_valid(self) -> bool:
        return self.status == PolicyStatus.VALID

    def _load_content(self) -> Policy:
        return policy_from_mapping(self.content)

    def _apply(self, loaded: Policy | None, problems: list[str]) -> None:
        if loaded is not None:
            self.title = loaded.title
            self.province = loaded.province
        self.title = self.title or self.code
        self.problems = problems
        self.status = PolicyStatus.INVALID if problems else PolicyStatus.VALID
