"""Template helpers of information requests: the choices of their forms."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.simore.information_requests import questions

__all__ = ["simore_information_request_kinds"]


def simore_information_request_kinds() -> list[dict[str, str]]:
    return [{"value": code, "text": tk._(label)} for code, label in questions.KINDS.items()]
