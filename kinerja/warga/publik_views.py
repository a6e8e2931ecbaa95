"""Public citizen pages (survey, complaint, ticket, transparency, poster)."""
from . import publik  # noqa: F401
