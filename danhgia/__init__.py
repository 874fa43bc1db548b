"""danhgia: quarterly evaluation of leaders and managers (02-HD/BTCTW)."""

__version__ = "0.1.0"
