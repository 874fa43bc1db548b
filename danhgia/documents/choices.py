"""Vocabulary of the documents app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentFormat(models.TextChoices):
    DOCX = "docx", _(".docx")
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Excel")
