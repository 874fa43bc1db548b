"""Pages of steps 3-5, one module per step (``urls.py`` imports them by name)."""
