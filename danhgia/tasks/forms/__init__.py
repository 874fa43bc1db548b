"""Forms of the tasks app. Choices come from the user's scope, the period's frameworks, the
policy's factor scales and the approved catalogues; the rules themselves live in the services."""

from .catalogues import (
    BaseProductFormSet,
    CatalogueCreateForm,
    CollectiveResultForm,
    NewVersionForm,
    ProductForm,
    ProductFormSet,
)
from .fields import DATE_INPUT, date_field, quantity_field, reach_q
from .filters import TaskFilterForm
from .report import ReportForm
from .tasks import (
    AssignForm,
    CancelForm,
    EvidenceForm,
    FactorsForm,
    LeadChoiceField,
    TaskEditForm,
    TaskForm,
    factor_label,
    product_choices,
)

__all__ = [
    "DATE_INPUT",
    "AssignForm",
    "BaseProductFormSet",
    "CancelForm",
    "CatalogueCreateForm",
    "CollectiveResultForm",
    "EvidenceForm",
    "FactorsForm",
    "LeadChoiceField",
    "NewVersionForm",
    "ProductForm",
    "ProductFormSet",
    "ReportForm",
    "TaskEditForm",
    "TaskFilterForm",
    "TaskForm",
    "date_field",
    "factor_label",
    "product_choices",
    "quantity_field",
    "reach_q",
]
