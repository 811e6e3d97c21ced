"""The scheming YAML files: every label in three languages, every
vocabulary and reference they name exists, every preset is defined."""

from importlib import resources

import pytest
import yaml

from ckanext.simore.vocabularies import terms as vocabulary

SCHEMAS = ["recommendation", "action", "mechanism", "practice", "institution", "civil_society"]


def _load(name):
    return yaml.safe_load((resources.files("ckanext.simore.schemas") / f"{name}.yaml").read_text())


def _fields(schema):
    return schema.get("dataset_fields", []) + schema.get("resource_fields", []) + schema.get("fields", [])


def _labels(node):
    if isinstance(node, dict):
        if "label" in node:
            yield node["label"]
        for value in node.values():
            yield from _labels(value)
    elif isinstance(node, list):
        for value in node:
            yield from _labels(value)


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_label_is_in_the_seven_interface_languages(name):
    # keyed by CKAN's locales, as ckanext-scheming picks a label
    for label in _labels(_load(name)):
        assert isinstance(label, dict) and set(label) == {"es", "en", "fr", "ar", "zh_Hans_CN", "ru", "pt_BR"}, label
        assert all(label.values()), label


@pytest.mark.parametrize("name", SCHEMAS)
def test_vocabularies_references_and_presets_exist(name):
    presets = {p["preset_name"] for p in _load("presets")["presets"]}
    dataset_types = {_load(n).get("dataset_type") for n in SCHEMAS}
    for field in _fields(_load(name)):
        if "vocabulary" in field:
            assert field["vocabulary"] in vocabulary.names(), field["field_name"]
        if "reference_type" in field:
            assert field["reference_type"] in dataset_types, field["field_name"]
        if field.get("preset", "").startswith("simore_"):
            assert field["preset"] in presets, field["field_name"]
