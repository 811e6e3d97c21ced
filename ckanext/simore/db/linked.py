"""The SQL every kind of the extension's own records shares: a page of a
listing with the number of matches, and the writes of a record that names
recommendations (a reporting obligation covers some, an indicator measures
some) with its links to them. Nothing here commits: the actions do."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from ckan import model


def page(query: sa.Select, order_by: Sequence[Any], limit: int | None, offset: int = 0) -> tuple[int, list[sa.Row]]:
    """How many rows ``query`` matches, and those of one page in this order
    (``limit`` None: all of them)."""
    count = model.Session.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar() or 0
    query = query.order_by(*order_by)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return count, model.Session.execute(query).all()


class RecordsWithRecommendations:
    """Writes of the rows of ``table`` (the columns ``fields`` only) and of
    their links in ``links``, a table of (``key``, ``recommendation_id``)."""

    def __init__(
        self, table: sa.Table, fields: Sequence[str], links: sa.Table, key: str, new_id: Callable[[], str]
    ) -> None:
        self.table, self.fields, self.links, self.new_id = table, fields, links, new_id
        self.link_key = links.c[key]
        self.key = key

    def _values(self, values: dict[str, Any]) -> dict[str, Any]:
        return {key: values[key] for key in self.fields if key in values}

    def create(self, values: dict[str, Any], recommendation_ids: Iterable[str], user_id: str | None) -> str:
        record_id = self.new_id()
        model.Session.execute(self.table.insert().values(id=record_id, created_by=user_id, **self._values(values)))
        self.set_recommendations(record_id, recommendation_ids)
        return record_id

    def update(self, record_id: str, values: dict[str, Any]) -> None:
        model.Session.execute(
            self.table.update()
            .where(self.table.c.id == record_id)
            .values(modified=sa.func.now(), **self._values(values))
        )

    def delete(self, record_id: str) -> None:
        model.Session.execute(self.table.delete().where(self.table.c.id == record_id))

    def set_recommendations(self, record_id: str, recommendation_ids: Iterable[str]) -> None:
        model.Session.execute(self.links.delete().where(self.link_key == record_id))
        rows = [{self.key: record_id, "recommendation_id": rid} for rid in dict.fromkeys(recommendation_ids)]
        if rows:
            model.Session.execute(self.links.insert(), rows)

    def recommendations(self, record_id: str, include_private: bool) -> list[dict[str, Any]]:
        """The active recommendations the record names, by name; private
        ones only when ``include_private`` (the coordinators)."""
        package = model.Package.__table__
        query = (
            sa.select(package.c.id, package.c.name, package.c.title)
            .join(self.links, self.links.c.recommendation_id == package.c.id)
            .where(self.link_key == record_id, package.c.state == "active")
            .order_by(package.c.name)
        )
        if not include_private:
            query = query.where(package.c.private.is_(False))
        return [dict(row._mapping) for row in model.Session.execute(query)]
