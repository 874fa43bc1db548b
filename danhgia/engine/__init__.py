"""The pure rules engine: scoring, KPIs, rating, quota, tie-breaks, framework validation.

Plain Python and Decimal; it imports nothing from Django or any web or database library and
reads nothing but its own data files (SPEC §14).
"""
