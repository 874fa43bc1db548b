"""Round-trip workbooks of tasks (SPEC §13.2): assignments, results and factors.

Each workbook is built prefilled from what the user may change, read back against its columns
(every problem as ``Sheet!Cell``), checked against the version stamp, and applied through the
same services as the forms, all in one transaction: the preview runs the same steps and rolls
them back, so that it refuses exactly what the confirmation would refuse.
"""
