"""Dashboards ("Thống kê") and the year-end view ("Cuối năm") over a user's scope (SPEC §13.3)."""
