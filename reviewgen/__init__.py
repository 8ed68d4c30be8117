"""reviewgen: review cycles checked against the strategic plan, rendered as documents people can use."""

from __future__ import annotations

__version__ = "0.1.0"
