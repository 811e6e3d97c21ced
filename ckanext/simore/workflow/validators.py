"""Validators of the workflow's inputs."""

from __future__ import annotations

from typing import Any

__all__ = ["simore_date_only"]


def simore_date_only(value: Any) -> Any:
    """isodate gives a datetime; a due date is a day."""
    return value.date() if hasattr(value, "date") else value
