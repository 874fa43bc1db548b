from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "danhgia.analytics"
    label = "analytics"
    verbose_name = "Thống kê"
