"""The dashboards own no records: every figure is aggregated from the other apps' records in
the database when a page is asked for (docs/ARCHITECTURE.md, "Dashboards and the year-end")."""
