"""Display labels of coded values (vocabulary terms, mechanisms,
institutions, UPR cycles) in the interface language, and the order codes
are shown in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ckan import model

from ckanext.simore import languages, organizations
from ckanext.simore.portal import counts, counts_cache, stats
from ckanext.simore.records import indexing

VOCABULARIES = {
    "implementation_status": "implementation_statuses",
    "themes": "themes",
    "affected_persons": "affected_persons",
    "sdg_goals": "sdg_goals",
    "upr_position": "upr_positions",
    "country": "countries",
}


class Labels:
    """Display labels of coded values in the interface language; titles of
    mechanisms and institutions are looked up once per use."""

    def __init__(self) -> None:
        self._titles: dict[str, dict[str, str]] = {}
        self._choices: dict[str, dict[str, Any]] = {}

    @classmethod
    def current(cls) -> Labels:
        """The labels of the request being answered (looked up once per
        request), or fresh ones outside a request."""
        from flask import g, has_app_context

        if not has_app_context():
            return cls()
        key = "simore_labels_" + (languages.preferred_languages() or [""])[0]
        if key not in g:
            setattr(g, key, cls())
        return getattr(g, key)

    def _all_titles(self, kind: str) -> dict[str, str]:
        if kind not in self._titles:
            stored = counts_cache.cached(
                "titles",
                kind,
                lambda: _stored_titles(kind),
                depends_on=["organization"] if kind == "institutions" else ["mechanism"],
            )
            self._titles[kind] = {
                name: (languages.text(translated) if translated else "") or title or name
                for name, (title, translated) in stored.items()
            }
        return self._titles[kind]

    def institution(self, name: str) -> str:
        return self._all_titles("institutions").get(name) or languages.institution_title(name)

    def mechanism(self, name: str) -> str:
        return self._all_titles("mechanisms").get(name) or languages.dataset_title(name)

    def choice(self, field: str, code: str) -> str:
        if field not in self._choices:
            self._choices[field] = {
                f["field_name"]: {c["value"]: c["label"] for c in f.get("choices") or []}
                for f in indexing.schema_fields("recommendation")
            }.get(field, {})
        return languages.text(self._choices[field].get(code, code)) or code

    def vocabulary_label(self, name: str, code: str) -> str:
        from ckanext.simore.vocabularies import terms as vocabulary

        if not hasattr(self, "_order"):
            self._order = languages.label_order()
        term = vocabulary.get(name).by_code.get(code)
        return term.label_in(*self._order) if term else code

    def for_field(self, field: str) -> Callable[[str], str]:
        if field in VOCABULARIES:
            return lambda code: self.vocabulary_label(VOCABULARIES[field], code)
        if field in ("institutions", "lead_institution"):
            return self.institution
        if field == "mechanism":
            return self.mechanism
        if field == "upr_cycle":
            return lambda code: self.choice("upr_cycle", code)
        return lambda code: code


def _stored_titles(kind: str) -> dict[str, list[Any]]:
    """name -> (title, title_translated) of every active organization or
    mechanism (a mechanism's from the search index: the package table has
    no index on the dataset type)."""
    if kind == "institutions":
        records = model.Session.query(model.Group).filter(
            organizations.institutions_clause(), model.Group.state == "active"
        )
        return {record.name: [record.title, record.extras.get("title_translated")] for record in records}
    # public mechanisms only: a label shared by every reader (a private
    # mechanism's title reaches those who may read it through the fallback)
    found = counts.package_search(counts.anonymous(), {"q": "", "fq": "+dataset_type:mechanism", "rows": 1000})
    return {record["name"]: [record.get("title"), record.get("title_translated")] for record in found["results"]}


def order(kind: str, field: str, counts: dict[str, int]) -> list[str] | None:
    if kind == "vocabulary":
        from ckanext.simore.vocabularies import terms as vocabulary

        return vocabulary.get(VOCABULARIES[field]).codes()
    if kind == "years":
        return stats.year_range(counts)
    return None
