"""Solr documents into index rows. Pure."""

import datetime as dt

import pytest

from ckanext.simore.search import documents

NOW = dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc)


def doc(**fields):
    base = {
        "index_id": "idx1",
        "id": "d1",
        "site_id": "default",
        "name": "rivers",
        "title": "Rivers of discriminación",
        "notes": "Clean water",
        "dataset_type": "recommendation",
        "state": "active",
        "capacity": "public",
        "entity_type": "package",
        "permission_labels": ["public"],
        "metadata_created": "2026-01-02T03:04:05.123456Z",
        "metadata_modified": "2026-02-02T03:04:05Z",
        "tags": ["agua", "ríos"],
        "data_dict": '{"name": "rivers"}',
    }
    base.update(fields)
    return base


def test_string_fields_become_exact_terms_and_facet_values():
    row = documents.build_row(doc(themes=["women", "torture"]), ["es"], NOW)
    assert {"tags=agua", "tags=ríos", "themes=women", "themes=torture"} <= set(row.terms)
    assert not any(token.startswith(("name", "id", "site_id", "state")) for token in row.terms)  # columns
    assert {"tags", "themes", "title", "text"} <= set(row.terms)  # presence, for field:*
    assert "themes=women" in row.facets and "tags=agua" in row.facets
    assert not any(token.startswith(("name=", "id=", "index_id=")) for token in row.facets)


def test_long_string_values_are_indexed_by_digest():
    value = "x" * 500
    row = documents.build_row(doc(long_code=value), [], NOW)
    assert documents.term_token("long_code", value) in row.terms
    assert documents.term_token("long_code", value).startswith("long_code=#")
    assert "long_code=" + value in row.facets  # facets keep the real value


def catch_all(row: documents.IndexRow) -> dict[tuple[str, str], list[str]]:
    """(analyser, weight) -> the values analysed together for ``text``."""
    return {
        (form, weight): body.split("\n")
        for form, body, weight in zip(row.text_forms, row.text_bodies, row.text_weights)
    }


def test_text_goes_to_the_catch_all_and_its_own_field():
    row = documents.build_row(doc(), ["es"], NOW)
    text = catch_all(row)
    assert "Rivers of discriminación" in text["simore_simple", "A"]  # title, boosted
    assert {"agua", "ríos"} <= {value for values in text.values() for value in values}  # tags copied
    assert ("title", "simore_simple", "Rivers of discriminación") in zip(
        row.field_names, row.field_forms, row.field_bodies
    )


def test_one_analysis_per_field_analyser_and_weight():
    row = documents.build_row(doc(text_es=["Uno", "Dos"]), ["es"], NOW)
    assert len(set(zip(row.text_forms, row.text_weights))) == len(row.text_forms)
    assert list(zip(row.language_names, row.language_forms, row.language_bodies)) == [
        ("text_es", "simore_es|spanish", "Uno\nDos")
    ]


def test_language_texts_are_stemmed_in_their_language_and_part_of_text():
    row = documents.build_row(doc(text_es=["Discriminaciones"], text_xx=["plain"]), ["es", "xx"], NOW)
    fielded = list(zip(row.language_names, row.language_forms, row.language_bodies))
    assert ("text_es", "simore_es|spanish", "Discriminaciones") in fielded  # both forms
    assert ("text_xx", "simore_simple", "plain") in fielded  # no stemmer for xx: language-neutral
    assert "text" in row.terms  # the writer adds them to the catch-all text
    assert not any("|" in form for form in row.text_forms)  # analysed once, by the writer
    assert "text_es" not in row.field_names  # their own vector: large, rarely searched alone


def test_vocabulary_labels_are_matched_apart_from_the_ranked_texts():
    row = documents.build_row(doc(text_es=["Ratificar"], labels_es=["Tortura", "Niños"]), ["es"], NOW)
    assert list(zip(row.language_names, row.language_forms, row.language_bodies)) == [
        ("text_es", "simore_es|spanish", "Ratificar")
    ]
    assert list(zip(row.label_names, row.label_forms, row.label_bodies)) == [
        ("labels_es", "simore_es|spanish", "Tortura\nNiños")
    ]
    assert "text" in row.terms and not row.field_names.count("labels_es")


def test_partition_columns_labels_and_dates():
    row = documents.build_row(doc(permission_labels=["member-b", "creator-a", "member-b"]), [], NOW)
    assert (row.site_id, row.dataset_type, row.state, row.capacity) == ("default", "recommendation", "active", "public")
    assert row.labels == ["creator-a", "member-b"]
    assert row.metadata_created == "2026-01-02T03:04:05.123456Z"
    assert row.stored["data_dict"] == '{"name": "rivers"}'
    assert row.stored["indexed_ts"].startswith("2026-11-23T00:00:00")


def test_values_as_pysolr_sends_them():
    assert documents.values_of([None, "", "a", True, 3, ["b"]]) == ["a", "true", "3", "b"]
    assert documents.values_of(dt.datetime(2020, 1, 2, 3, 4, 5)) == ["2020-01-02T03:04:05Z"]


def test_invalid_values_are_refused():
    with pytest.raises(documents.DocumentError):
        documents.build_row(doc(due_date="tomorrow"), [], NOW)
    with pytest.raises(documents.DocumentError):
        documents.build_row(doc(index_id=None), [], NOW)
