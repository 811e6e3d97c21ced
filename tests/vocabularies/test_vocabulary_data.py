"""The vocabulary data files shipped in ckanext/simore/vocabularies/.

Pure pytest: reads the YAML with PyYAML and imports nothing from CKAN (the
label normaliser comes from ckanext.simore.vocabularies.terms, which is pure Python).
The checks against UHRI's theme list and UPR Info's export read the shared
reference data in place (tests/shared_data.py finds it).
"""

from __future__ import annotations

import csv
import functools
import html
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml
from shared_data import shared_path

from ckanext.simore.vocabularies.terms import normalise_label

REPO = Path(__file__).resolve().parents[2]
FOLDER = REPO / "ckanext" / "simore" / "vocabularies"
# the six UN languages and Portuguese
LANGS = ("es", "en", "fr", "ar", "zh", "ru", "pt")

# The vocabularies the schemas use; the folder may hold more.
EXPECTED = [
    "action_progress",
    "affected_persons",
    "branches_of_government",
    "civil_society_kinds",
    "countries",
    "implementation_statuses",
    "institution_kinds",
    "measure_types",
    "mechanism_families",
    "mechanism_systems",
    "record_types",
    "sdg_goals",
    "sdg_targets",
    "themes",
    "upr_positions",
]
NAMES = sorted(p.stem for p in FOLDER.glob("*.yaml"))
# How codes look; every other vocabulary uses lower-case ASCII snake_case.
CODE_PATTERNS = {
    "sdg_goals": r"[1-9][0-9]?",
    "sdg_targets": r"[1-9][0-9]?\.([1-9][0-9]?|[a-z])",
    "countries": r"[A-Z]{3}",
}
SNAKE_CASE = r"[a-z][a-z0-9]*(_[a-z0-9]+)*"
# Keys a term may carry besides code, label, aliases, parent and description.
EXTRA_KEYS = {"countries": {"alpha2"}}
# Vocabularies whose labels may repeat (none do today, but target texts may).
LABELS_MAY_REPEAT = {"sdg_targets"}
# UPR Info values in To/From that stand for "no State": never a country.
UPR_INFO_PLACEHOLDERS = {"(Unknown)"}
UPR_INFO_ROWS = 42013


@functools.cache
def load(name: str) -> dict:
    with (FOLDER / f"{name}.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def shared_file(*parts: str) -> Path:
    return shared_path(*parts)


def alias_index(name: str, source: str) -> dict[str, set[str]]:
    """Normalised alias of ``source`` -> the codes of ``name`` it maps to."""
    index: dict[str, set[str]] = defaultdict(set)
    for term in load(name)["terms"]:
        for alias in (term.get("aliases") or {}).get(source, []):
            index[normalise_label(alias)].add(term["code"])
    return index


# ------------------------------------------------------------ file format


def test_the_folder_holds_the_expected_vocabularies_and_only_data():
    assert [name for name in EXPECTED if name not in NAMES] == []
    # the feature package's own modules sit beside its data
    package = {"__init__.py", "terms.py", "actions.py", "auth.py", "__pycache__"}
    assert sorted(p.name for p in FOLDER.iterdir() if p.suffix != ".yaml" and p.name not in package) == []


@pytest.mark.parametrize("name", NAMES)
def test_each_file_follows_the_format(name):
    document = load(name)
    assert set(document) == {"vocabulary", "version", "title", "source", "terms"}
    assert document["vocabulary"] == name
    assert isinstance(document["version"], str) and document["version"]
    assert isinstance(document["source"], str) and document["source"]
    assert set(document["title"]) == set(LANGS)
    assert all(isinstance(v, str) and v.strip() for v in document["title"].values())
    assert isinstance(document["terms"], list) and document["terms"]

    pattern = CODE_PATTERNS.get(name, SNAKE_CASE)
    allowed = {"code", "label", "aliases", "parent", "description"} | EXTRA_KEYS.get(name, set())
    for term in document["terms"]:
        code = term.get("code")
        assert isinstance(code, str) and re.fullmatch(pattern, code), (name, code)
        assert set(term) <= allowed, (name, code, set(term) - allowed)
        for key in ("label", "description"):
            if key in term or key == "label":
                texts = term[key]
                assert isinstance(texts, dict) and set(texts) == set(LANGS), (name, code, key)
                for lang, text in texts.items():
                    assert isinstance(text, str) and text.strip() == text and text, (name, code, key, lang)
                    assert "  " not in text and "\n" not in text, (name, code, key, lang)
        for source, labels in (term.get("aliases") or {}).items():
            assert re.fullmatch(SNAKE_CASE, source), (name, code, source)
            assert isinstance(labels, list) and labels, (name, code, source)
            assert all(isinstance(x, str) and x.strip() for x in labels), (name, code, source)
            assert len(labels) == len(set(labels)), (name, code, source)
        if "parent" in term:
            assert isinstance(term["parent"], str), (name, code)


@pytest.mark.parametrize("name", NAMES)
def test_codes_are_unique(name):
    counts = Counter(term["code"] for term in load(name)["terms"])
    assert [c for c, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("name", sorted(set(NAMES) - LABELS_MAY_REPEAT))
@pytest.mark.parametrize("lang", LANGS)
def test_labels_are_unique_in_each_language(name, lang):
    counts = Counter(term["label"][lang] for term in load(name)["terms"])
    assert [label for label, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("name", NAMES)
def test_no_alias_maps_to_two_terms_of_the_same_vocabulary(name):
    sources = {s for t in load(name)["terms"] for s in (t.get("aliases") or {})}
    clashes = {
        (source, alias): sorted(codes)
        for source in sources
        for alias, codes in alias_index(name, source).items()
        if len(codes) > 1
    }
    assert clashes == {}


# ------------------------------------------- the shipped mechanisms' codes


def test_every_system_has_shipped_mechanisms_named_in_seven_languages():
    """Every member of the network loads the same mechanisms, so each
    system of the vocabulary (the UN, Inter-American, African, European)
    has its bodies, of a known family, named in every language."""
    mechanisms = yaml.safe_load((REPO / "ckanext" / "simore" / "data" / "mechanisms.yaml").read_text("utf-8"))
    families = {term["code"] for term in load("mechanism_families")["terms"]}
    by_system = defaultdict(set)
    for entry in mechanisms:
        assert entry["family"] in families, entry["code"]
        assert set(entry["title"]) == set(LANGS) and all(entry["title"].values()), entry["code"]
        assert set(entry.get("notes", {})) in (set(), set(LANGS)), entry["code"]
        assert entry["url"].startswith("https://"), entry["code"]
        by_system[entry["system"]].add(entry["code"])
    assert set(by_system) == {term["code"] for term in load("mechanism_systems")["terms"]}
    assert by_system["african"] == {"ACHPR", "ACERWC", "AfCHPR"}
    assert by_system["european"] == {"ECtHR", "ECSR", "CPT", "GREVIO", "ECRI"}
    assert len({entry["code"].lower() for entry in mechanisms}) == len(mechanisms)  # their URL names


def test_the_record_types_name_what_the_regional_systems_issue():
    codes = [term["code"] for term in load("record_types")["terms"]]
    # UHRI's types and the Courts' judgments first, as imports know them
    assert codes[:3] == ["recommendation", "concern_observation", "judgment_operative_point"]
    assert codes[-1] == "other"
    assert {
        "communication_decision",
        "provisional_measure",
        "friendly_settlement",
        "supervision_decision",
        "non_conformity_conclusion",
        "follow_up_recommendation",
    } <= set(codes)


# ------------------------------------------------------------------- SDGs


def test_there_are_17_goals_and_169_targets():
    assert [t["code"] for t in load("sdg_goals")["terms"]] == [str(n) for n in range(1, 18)]
    assert len(load("sdg_targets")["terms"]) == 169


def test_each_target_belongs_to_an_existing_goal():
    goals = {t["code"] for t in load("sdg_goals")["terms"]}
    per_goal = Counter()
    for target in load("sdg_targets")["terms"]:
        assert target["parent"] in goals, target["code"]
        assert target["code"].startswith(target["parent"] + "."), target["code"]
        per_goal[target["parent"]] += 1
    # A/RES/70/1: targets per goal.
    assert [per_goal[str(n)] for n in range(1, 18)] == [7, 8, 13, 10, 9, 8, 5, 12, 8, 10, 10, 11, 5, 10, 12, 12, 19]


def test_goals_carry_uhri_spelling():
    for goal in load("sdg_goals")["terms"]:
        assert goal["aliases"]["uhri"] == [f"{goal['code']} - {goal['label']['en'].upper()}"]
    assert alias_index("sdg_goals", "uhri")[normalise_label("16 - PEACE, JUSTICE AND STRONG INSTITUTIONS")] == {"16"}


def test_target_texts_look_like_the_official_ones():
    targets = {t["code"]: t["label"] for t in load("sdg_targets")["terms"]}
    assert targets["16.3"]["en"] == (
        "Promote the rule of law at the national and international levels and ensure equal access to justice for all"
    )
    assert targets["16.3"]["es"].startswith("Promover el estado de derecho")
    assert targets["16.3"]["fr"].startswith("Promouvoir l’état de droit")
    # Time-bound targets keep their deadline in every language.
    for code, label in targets.items():
        if label["en"].startswith("By 20"):
            year = label["en"][3:7]
            assert year in label["es"] and year in label["fr"], code


# ----------------------------------------------------------------- themes


def uhri_theme_labels() -> list[str]:
    path = shared_file("docs", "uhri-themes.txt")
    labels = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            match = re.fullmatch(r"(.+?)\s+(\d+)", line.strip())
            assert match, line
            labels.append(match.group(1))
    return labels


def test_every_uhri_theme_maps_to_exactly_one_theme():
    labels = uhri_theme_labels()
    assert len(labels) == 100
    terms = load("themes")["terms"]
    exact = defaultdict(set)
    for term in terms:
        for alias in term.get("aliases", {}).get("uhri", []):
            exact[alias].add(term["code"])
    normalised = alias_index("themes", "uhri")
    for label in labels:
        assert len(exact[label]) == 1, label
        assert normalised[normalise_label(label)] == exact[label], label
    # The English label of a UHRI theme is UHRI's label itself.
    assert {t["label"]["en"] for t in terms} >= set(labels)


def test_an_older_uhri_label_maps_to_its_current_theme():
    index = alias_index("themes", "uhri")
    assert index[normalise_label("Acceptance of international norms")] == {"ratification_international_instruments"}


def test_every_upr_info_issue_maps_to_at_least_one_term():
    path = shared_file("data", "upr-info", "upr-info-issues.txt")
    issues = [line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(issues) == 54
    mapped = {}
    for name in NAMES:
        for alias, codes in alias_index(name, "upr_info").items():
            mapped.setdefault(alias, []).extend(f"{name}:{c}" for c in sorted(codes))
    unmapped = [issue for issue in issues if normalise_label(issue) not in mapped]
    assert unmapped == []
    print("\nUPR Info issue -> terms")
    for issue in issues:
        print(f"  {issue}: {', '.join(mapped[normalise_label(issue)])}")


# -------------------------------------------------------------- countries


def country_index() -> dict[str, set[str]]:
    """English label or UPR Info alias -> country codes."""
    index: dict[str, set[str]] = defaultdict(set)
    for term in load("countries")["terms"]:
        index[normalise_label(term["label"]["en"])].add(term["code"])
        for alias in term.get("aliases", {}).get("upr_info", []):
            index[normalise_label(alias)].add(term["code"])
    return index


def test_countries_use_iso_codes():
    terms = load("countries")["terms"]
    assert len(terms) == 249
    alpha2 = [t["alpha2"] for t in terms]
    assert all(isinstance(a, str) and re.fullmatch(r"[A-Z]{2}", a) for a in alpha2)
    assert len(set(alpha2)) == len(alpha2)
    by_code = {t["code"]: t for t in terms}
    assert by_code["PRY"]["alpha2"] == "PY"
    assert by_code["NOR"]["alpha2"] == "NO"  # not YAML's boolean false
    assert "Bolivia (Plurinational State of)" in by_code["BOL"]["aliases"]["uhri"]


def test_a_name_never_points_at_two_countries():
    assert {k: v for k, v in country_index().items() if len(v) > 1} == {}


def test_every_upr_info_state_maps_to_a_country():
    path = shared_file("data", "upr-info", "upr-recommendations-2008-2014.csv")
    values: set[str] = set()
    rows = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rows += 1
            values.update(html.unescape(row[column]).strip() for column in ("To", "From"))
    assert rows == UPR_INFO_ROWS
    index = country_index()
    unmapped = sorted(v for v in values - UPR_INFO_PLACEHOLDERS if len(index.get(normalise_label(v), ())) != 1)
    assert unmapped == []
    for placeholder in UPR_INFO_PLACEHOLDERS & values:
        assert normalise_label(placeholder) not in index
    print(
        f"\n{len(values - UPR_INFO_PLACEHOLDERS)} UPR Info State names map to countries; "
        f"placeholders left unmapped: {sorted(UPR_INFO_PLACEHOLDERS & values)}"
    )
