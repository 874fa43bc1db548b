"""The documents app's exceptions, each carrying a Vietnamese message."""


class DocumentError(Exception):
    """A document cannot be produced or a template step is refused; ``str()`` says why."""


class TemplateInvalid(DocumentError):
    """An uploaded (or stored) template cannot be used: not a .docx, or its tags are broken."""
