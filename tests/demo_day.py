"""The day the older demo tests seed the demo for (``seed_demo --today``).

The demo lives on the day it is seeded (danhgia/core/demo_calendar.py); tests written for its
Q3/2026 story pin that day: Q3/2026 open (self-assessment due 30/09/2026, dossier 02/10/2026),
Q1/2026 and Q2/2026 decided, published and closed.
"""

from datetime import date

STORY_TODAY = date(2026, 9, 29)
STORY_TODAY_TEXT = STORY_TODAY.isoformat()
