"""What one web request computes once: who its user is, their
capacities, their permission labels… (a page asks for each search, the
header and every dashboard link). Forgotten whenever the session flushes,
commits or rolls back, so a change made during the request is seen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from ckan import model

_MEMO = "simore_request_memo"
_installed = False


def install() -> None:
    """Forget the memo on every change of CKAN's session (once per process)."""
    global _installed
    if _installed:
        return
    for event in ("after_flush", "after_commit", "after_rollback"):
        sa.event.listen(model.Session, event, _forget)
    _installed = True


def _forget(*_args: Any) -> None:
    from flask import g, has_request_context

    if has_request_context():
        g.pop(_MEMO, None)


def per_request(key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """``compute()``, once per web request (every time outside one)."""
    from flask import g, has_request_context

    if not _installed or not has_request_context():
        return compute()
    memo = g.setdefault(_MEMO, {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]
