"""CKAN's Solr schema (``ckan/config/solr/schema.xml``) as a field-type map.

Pure: imports nothing from CKAN. Every decision the PostgreSQL backend makes
about a field (exact or stemmed matching, date ranges, sorting, what a search
returns) comes from here, so that it answers as Solr with CKAN's schema would.
"""

from __future__ import annotations

import dataclasses
import enum
import functools


class Kind(enum.Enum):
    STRING = "string"  # exact, case-sensitive match on the whole value
    TEXT = "text"  # tokenised, stemmed, accent-folded
    TEXT_GENERAL = "text_general"  # tokenised and lower-cased, not stemmed
    NGRAM = "text_ngram"  # substrings of 2 to 10 characters (autocomplete)
    DATE = "date"
    INT = "int"
    UNINDEXED = "unindexed"  # stored only (data_dict, validated_data_dict)


@dataclasses.dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    stored: bool = True
    multivalued: bool = False
    # language code of a ``text_<lang>`` field: stemmed with that language
    language: str | None = None
    # whether the field's words count in a text search's ranking, not only
    # in its matching (a ``labels_<lang>`` field's do not)
    ranked: bool = True

    @property
    def is_text(self) -> bool:
        return self.kind in (Kind.TEXT, Kind.TEXT_GENERAL)


def _fields(kind: Kind, names: str, **kwargs) -> dict[str, Field]:
    return {name: Field(name, kind, **kwargs) for name in names.split()}


STATIC_FIELDS: dict[str, Field] = {
    **_fields(
        Kind.STRING,
        "index_id id site_id entity_type dataset_type state name revision_id"
        " version url ckan_url download_url license license_id organization"
        " capacity _version_",
    ),
    **_fields(Kind.STRING, "tags groups res_format res_url res_type", multivalued=True),
    **_fields(Kind.STRING, "permission_labels", multivalued=True, stored=False),
    **_fields(Kind.STRING, "title_string", stored=False),
    **_fields(Kind.TEXT, "title notes"),
    **_fields(Kind.NGRAM, "title_ngram name_ngram"),
    **_fields(Kind.TEXT_GENERAL, "author author_email maintainer maintainer_email"),
    **_fields(Kind.TEXT_GENERAL, "res_name res_description", multivalued=True),
    **_fields(
        Kind.TEXT,
        "text urls depends_on dependency_of derives_from has_derivation links_to linked_from child_of parent_of",
        multivalued=True,
        stored=False,
    ),
    **_fields(Kind.INT, "views_total views_recent resources_accessed_total resources_accessed_recent", stored=False),
    **_fields(Kind.DATE, "metadata_created metadata_modified indexed_ts"),
    **_fields(Kind.UNINDEXED, "data_dict validated_data_dict"),
}

# copyField rules: the values of a source field are also indexed in these.
COPY_FIELDS: dict[str, tuple[str, ...]] = {
    "url": ("urls",),
    "ckan_url": ("urls",),
    "download_url": ("urls",),
    "res_url": ("urls",),
    "title": ("title_ngram", "text"),
    "name": ("name_ngram", "text"),
    **{
        source: ("text",)
        for source in ("license notes tags groups organization res_name res_description maintainer author").split()
    },
}
# Dynamic-field copies (extras_*, res_extras_*, vocab_*) and urls are copied
# into ``text`` too; see ``copy_targets``.
_COPIED_TO_TEXT_PREFIXES = ("extras_", "res_extras_", "vocab_")

# ``labels_<lang>``: the labels of a record's vocabulary codes (its themes,
# affected persons...) in a language. Searched as its texts are, so that
# "tortura" finds the records classified under torture, but not ranked: a
# record's own words rank it, and labels in seven languages would make its
# ranking vector too large to stay in the row (docs/search.md, Ranking).
LABELS_PREFIX = "labels_"

# The language-neutral text search configuration, and the one for each
# language code (created by the search migration when PostgreSQL ships a
# stemmer for that language).
NEUTRAL_CONFIG = "simore_simple"
LANGUAGE_STEMMERS: dict[str, str] = {
    "ar": "arabic",
    "hy": "armenian",
    "eu": "basque",
    "ca": "catalan",
    "da": "danish",
    "nl": "dutch",
    "en": "english",
    "fi": "finnish",
    "fr": "french",
    "de": "german",
    "el": "greek",
    "hi": "hindi",
    "hu": "hungarian",
    "id": "indonesian",
    "ga": "irish",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "es": "spanish",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}


def language_config(language: str | None) -> str:
    """The text search configuration for a language code (neutral if None or
    PostgreSQL has no stemmer for it)."""
    if language and language in LANGUAGE_STEMMERS:
        return "simore_" + language
    return NEUTRAL_CONFIG


# Fields whose values are (nearly) unique per dataset or are the facet
# partition itself: never worth pre-counting, and faceting on them (rare) is
# answered from the stored documents.
NOT_PRECOUNTED = frozenset(
    "index_id id site_id entity_type dataset_type state capacity name"
    " revision_id url ckan_url download_url res_url title_string"
    " permission_labels _version_ creator_user_id".split()
)


# field() and copy_targets() run for every field of every indexed document:
# names repeat, so each is resolved once per process.
@functools.lru_cache(maxsize=4096)
def field(name: str) -> Field:
    """The schema entry for a field name, resolving dynamic fields in
    schema.xml's order of precedence."""
    known = STATIC_FIELDS.get(name)
    if known:
        return known
    if name.startswith("text_") and len(name) > 5:
        return Field(name, Kind.TEXT, multivalued=True, language=name[5:])
    if name.startswith(LABELS_PREFIX) and len(name) > len(LABELS_PREFIX):
        return Field(name, Kind.TEXT, multivalued=True, language=name[len(LABELS_PREFIX) :], ranked=False)
    if name.endswith("_date"):
        return Field(name, Kind.DATE)
    if name.startswith("extras_"):
        return Field(name, Kind.TEXT)
    if name.startswith("res_extras_"):
        return Field(name, Kind.TEXT, multivalued=True)
    if name.startswith("vocab_"):
        return Field(name, Kind.STRING, multivalued=True)
    # schema.xml's catch-all ``*`` is a single-valued, unstored string; this
    # backend accepts lists there (see docs/search.md for the Solr schema
    # change that does the same) and returns the values it stores.
    return Field(name, Kind.STRING)


# Weights of the copies into ``text`` (tsvector labels A-D): the fields
# CKAN's default qf boosts (name^4 title^4 tags^2 groups^2 text) keep their
# boost inside the catch-all, so one ranking of ``text`` scores a dismax query.
TEXT_WEIGHTS = {"title": "A", "name": "A", "tags": "B", "groups": "B"}
WEIGHT_OF_REST = "D"


def text_weight(name: str) -> str:
    return TEXT_WEIGHTS.get(name, WEIGHT_OF_REST)


@functools.lru_cache(maxsize=4096)
def copy_targets(name: str) -> tuple[str, ...]:
    """The fields a value of ``name`` is also indexed in (copyField)."""
    targets = COPY_FIELDS.get(name, ())
    if name.startswith(_COPIED_TO_TEXT_PREFIXES) or name == "urls":
        targets = targets + ("text",)
    return targets


def is_stored(name: str) -> bool:
    return field(name).stored
