"""The API's views (thin: ``danhgia.access`` filters and decides, services write)."""
