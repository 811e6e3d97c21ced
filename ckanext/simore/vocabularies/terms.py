"""The controlled vocabularies shipped in ``vocabularies/*.yaml``.

Pure logic: nothing here imports CKAN. A vocabulary maps stable codes (what
is stored) to labels in several languages (what is shown) and to the labels
external sources use (what importers read).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources

import yaml

PACKAGE = "ckanext.simore"
FOLDER = "vocabularies"


@dataclass(frozen=True)
class Term:
    code: str
    label: Mapping[str, str]
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    parent: str | None = None
    extra: Mapping[str, object] = field(default_factory=dict)

    def label_in(self, lang: str, fallbacks: Iterable[str] = ()) -> str:
        for candidate in (lang, *fallbacks):
            if self.label.get(candidate):
                return self.label[candidate]
        return next(iter(self.label.values()), self.code)


@dataclass(frozen=True)
class Vocabulary:
    name: str
    version: str
    title: Mapping[str, str]
    source: str
    terms: tuple[Term, ...]

    @functools.cached_property
    def by_code(self) -> dict[str, Term]:
        return {term.code: term for term in self.terms}

    def __contains__(self, code: object) -> bool:
        return code in self.by_code

    def codes(self) -> list[str]:
        return [term.code for term in self.terms]

    @functools.cached_property
    def _alias_index(self) -> dict[tuple[str, str], list[str]]:
        index: dict[tuple[str, str], list[str]] = {}
        for term in self.terms:
            for source, labels in term.aliases.items():
                for label in labels:
                    index.setdefault((source, normalise_label(label)), []).append(term.code)
        return index

    @functools.cached_property
    def _label_index(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for term in self.terms:
            for label in set(term.label.values()):
                index.setdefault(normalise_label(label), []).append(term.code)
        return index

    @functools.cached_property
    def _any_alias_index(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for (_source, key), codes in self._alias_index.items():
            known = index.setdefault(key, [])
            known.extend(code for code in codes if code not in known)
        return index

    def codes_for_label(self, source: str, label: str) -> list[str]:
        """The codes an external source's label maps to ([] if none): the
        source's own aliases first, else the terms' labels in any language,
        else another source's aliases (a UHRI file that names countries as
        UPR Info does)."""
        key = normalise_label(label)
        return list(
            self._alias_index.get((source, key)) or self._label_index.get(key) or self._any_alias_index.get(key, [])
        )


def normalise_label(label: str) -> str:
    """Compare labels the way a person would: case, accents, stray spaces
    and ``&``/``and`` do not matter."""
    text = unicodedata.normalize("NFKD", label)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " and ")
    return re.sub(r"[\s\-–—,;:./()']+", " ", text).strip()


def parse(document: Mapping) -> Vocabulary:
    terms = tuple(
        Term(
            code=str(entry["code"]),
            label=dict(entry["label"]),
            aliases={source: tuple(labels) for source, labels in (entry.get("aliases") or {}).items()},
            parent=str(entry["parent"]) if entry.get("parent") is not None else None,
            extra={key: value for key, value in entry.items() if key not in ("code", "label", "aliases", "parent")},
        )
        for entry in document["terms"]
    )
    return Vocabulary(
        name=document["vocabulary"],
        version=str(document.get("version", "")),
        title=dict(document.get("title") or {}),
        source=document.get("source", ""),
        terms=terms,
    )


def names() -> list[str]:
    folder = resources.files(PACKAGE) / FOLDER
    return sorted(entry.name[: -len(".yaml")] for entry in folder.iterdir() if entry.name.endswith(".yaml"))


@functools.cache
def get(name: str) -> Vocabulary:
    """The vocabulary called ``name``; KeyError if the package has none."""
    if name not in names():
        raise KeyError(name)
    path = resources.files(PACKAGE) / FOLDER / f"{name}.yaml"
    # libyaml's loader when PyYAML has it: several times faster at startup
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return parse(yaml.load(path.read_text(encoding="utf-8"), Loader=loader))
