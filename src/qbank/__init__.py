"""qbank: question banks as YAML in git, linted, exported to GIFT, PDF, Word and JSON."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
