"""The document kinds, one module per family; importing a module registers its kinds.

Add a module here and import it below to add documents (``registry.register``).
"""

from . import (  # noqa: F401
    announcement,
    evaluation,
    quarter,
    unit,
    year_end,
)
