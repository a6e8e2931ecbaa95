"""Staff pages of suara warga (catalogue, service log, complaints, results)."""
from . import bp  # noqa: F401
