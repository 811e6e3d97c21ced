"""The four dataset types and the institution schema, through the API:
what is stored, and what is refused with an error naming the field."""

import builders
import pytest
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests import helpers as ckan_helpers

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def coordination():
    return builders.institution(name="coordinacion", title="Coordinación")


@pytest.fixture
def ccpr(coordination):
    return builders.mechanism(coordination["name"], code="CCPR")


def _errors(excinfo):
    return excinfo.value.error_dict


def _refused_naming_the_field(build, field, message):
    """``build()`` is refused with ``message`` on ``field``, saving nothing."""
    before = model.Session.query(model.Package).count()
    with pytest.raises(tk.ValidationError) as excinfo:
        build()
    assert any(message in error for error in _errors(excinfo)[field]), _errors(excinfo)
    assert model.Session.query(model.Package).count() == before


class TestMechanism:
    def test_name_is_the_code_in_lower_case_and_title_is_derived(self, coordination):
        mech = builders.mechanism(coordination["name"], code="CRC-OP-AC")
        assert mech["name"] == "crc-op-ac"
        assert mech["code"] == "CRC-OP-AC"
        assert mech["title_translated"]["en"] == "Human Rights Committee"
        assert mech["title"] == "Comité de Derechos Humanos"

    def test_bad_code_family_and_system_are_refused_by_field(self, coordination):
        with pytest.raises(tk.ValidationError) as excinfo:
            builders.mechanism(coordination["name"], code="C C/P", family="club", system="mars")
        errors = _errors(excinfo)
        assert "code" in errors
        assert "unknown code 'club' in vocabulary mechanism_families" in errors["family"][0]
        assert "system" in errors


class TestRecommendation:
    def test_every_field_is_stored_as_codes_and_links(self, coordination, ccpr):
        builders.institution(name="salud", title="Ministerio de Salud")
        builders.institution(name="justicia", title="Ministerio de Justicia")
        rec = builders.recommendation(
            coordination["name"],
            "ccpr",
            country="PRY",
            upr_cycle="3",
            session="38",
            document_symbol="A/HRC/48/9",
            paragraph="118.1",
            publication_date="2021-07-12",
            recommending_states=["ARG", "FRA"],
            upr_position="supported",
            themes=["equality_non_discrimination"],
            affected_persons=["women_girls"],
            sdg_goals=["5", "16"],
            sdg_targets=["5.1", "16.3"],
            institutions=["salud"],
            lead_institution="justicia",
            implementation_status="in_progress",
            external_id="5b7e2a4c-0000-4000-8000-000000000001",
            source_url="https://uhri.ohchr.org/en/document/x",
        )
        shown = ckan_helpers.call_action("package_show", id=rec["id"])
        assert shown["name"].startswith("rec-")
        assert shown["mechanism"] == "ccpr"
        assert shown["recommending_states"] == ["ARG", "FRA"]
        assert shown["themes"] == ["equality_non_discrimination"]
        assert shown["sdg_targets"] == ["5.1", "16.3"]
        assert shown["institutions"] == ["justicia", "salud"]
        assert shown["lead_institution"] == "justicia"
        assert shown["publication_date"] == "2021-07-12"
        assert shown["text_translated"]["fr"].startswith("Adopter")
        assert shown["title"].startswith("Adoptar una ley integral")

    @pytest.mark.parametrize(
        "field, value, message",
        [
            ("themes", ["no_such_theme"], "unknown code 'no_such_theme' in vocabulary themes"),
            ("sdg_targets", ["99.9"], "unknown code '99.9' in vocabulary sdg_targets"),
            ("upr_position", "maybe", "unknown code 'maybe' in vocabulary upr_positions"),
            ("mechanism", "no-such-body", "there is no mechanism called 'no-such-body'"),
            ("text_translated", "just a string", "keyed by language"),
            ("text_translated", {"en": "Only English"}, "missing text in language 'es'"),
            ("text_translated", {"es": "Hola", "xx": "?"}, "unknown language 'xx'"),
            ("publication_date", "12/07/2021", "Date format incorrect"),
            ("source_url", "not a url", "Please provide a valid URL"),
        ],
    )
    def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(
        self, coordination, ccpr, field, value, message
    ):
        _refused_naming_the_field(
            lambda: builders.recommendation(coordination["name"], "ccpr", **{field: value}), field, message
        )

    def test_the_lead_institution_is_always_a_responsible_one(self, coordination, ccpr):
        builders.institution(name="salud")
        rec = builders.recommendation(coordination["name"], "ccpr", lead_institution="salud")
        assert rec["institutions"] == ["salud"]

    def test_a_mechanism_reference_must_be_a_mechanism(self, coordination, ccpr):
        rec = builders.recommendation(coordination["name"], "ccpr")
        with pytest.raises(tk.ValidationError) as excinfo:
            builders.recommendation(coordination["name"], rec["name"])
        assert "there is no mechanism called" in _errors(excinfo)["mechanism"][0]


class TestAction:
    def test_links_recommendations_by_name_or_id(self, coordination, ccpr):
        health = builders.institution(name="salud")
        first = builders.recommendation(coordination["name"], "ccpr")
        second = builders.recommendation(coordination["name"], "ccpr")
        act = builders.action(
            "salud",
            [first["name"], second["id"]],
            start_date="2024-01-01",
            end_date="2025-06-30",
            budget_amount="1500000.50",
            budget_currency="pyg",
            indicators=[{"indicator": "Personas capacitadas", "baseline": "0", "target": "500"}],
        )
        assert act["recommendations"] == [first["name"], second["name"]]
        assert act["budget_currency"] == "PYG"
        assert act["budget_amount"] == "1500000.50"
        assert act["indicators"][0]["target"] == "500"
        assert act["owner_org"] == health["id"]

    @pytest.mark.parametrize(
        "fields, field, message",
        [
            (
                {"recommendations": ["rec-missing"]},
                "recommendations",
                "there is no recommendation called 'rec-missing'",
            ),
            ({"recommendations": []}, "recommendations", "Missing value"),
            ({"measure_type": "magic"}, "measure_type", "unknown code 'magic'"),
            (
                {"start_date": "2025-01-01", "end_date": "2024-01-01"},
                "end_date",
                "the end date comes before the start date",
            ),
            ({"budget_amount": "-5"}, "budget_amount", "zero or more"),
            ({"budget_amount": "lots"}, "budget_amount", "expected a number"),
            ({"budget_currency": "XYZ1"}, "budget_currency", "unknown currency code"),
        ],
    )
    def test_bad_input_is_refused_naming_the_field(self, coordination, ccpr, fields, field, message):
        builders.institution(name="salud")
        rec = builders.recommendation(coordination["name"], "ccpr")
        data = {"recommendations": [rec["name"]], **fields}
        recs = data.pop("recommendations")
        with pytest.raises(tk.ValidationError) as excinfo:
            builders.action("salud", recs, **data)
        assert any(message in error for error in _errors(excinfo)[field]), _errors(excinfo)


class TestPractice:
    def test_every_field_is_stored_as_codes_texts_and_links(self, coordination, ccpr):
        made = builders.practice(
            coordination["name"],
            country="PRY",
            mechanism="ccpr",
            themes=["nmirf", "cooperation_treaty_bodies"],
            outcomes_translated={"es": "Informes a tiempo.", "fr": "Rapports dans les délais."},
            contact_name="Coordinación SIMORE",
            contact_email="simore@example.org",
            contact_url="https://example.org/simore",
            resources=[{"url": "https://example.org/protocolo.pdf", "name": "Protocolo"}],
            license_id="odc-odbl",
        )
        shown = ckan_helpers.call_action("package_show", id=made["id"])
        assert shown["type"] == "practice" and shown["name"].startswith("practice-")
        assert (shown["country"], shown["mechanism"]) == ("PRY", "ccpr")
        assert shown["themes"] == ["nmirf", "cooperation_treaty_bodies"]
        assert shown["problem_translated"] == {
            "es": "Recomendaciones sin responsable.",
            "en": "Recommendations nobody owned.",
        }
        assert shown["outcomes_translated"]["fr"] == "Rapports dans les délais."
        assert shown["title"] == "Mesas interinstitucionales"
        assert (shown["contact_email"], shown["contact_url"]) == ("simore@example.org", "https://example.org/simore")
        assert shown["resources"][0]["name"] == "Protocolo"
        assert shown["license_id"] == "CC-BY-4.0"  # the portal's, whatever a write says

    def test_a_practice_without_a_mechanism_is_fine(self, coordination):
        assert not builders.practice(coordination["name"]).get("mechanism")

    @pytest.mark.parametrize(
        "field, value, message",
        [
            ("country", "", "Missing value"),
            ("country", "XXX", "unknown code 'XXX' in vocabulary countries"),
            ("problem_translated", {"en": "Only English"}, "missing text in language 'es'"),
            ("notes_translated", {}, "missing text in language 'es'"),
            ("mechanism", "no-such-body", "there is no mechanism called 'no-such-body'"),
            ("themes", ["no_such_theme"], "unknown code 'no_such_theme' in vocabulary themes"),
            ("contact_email", "not an address", "is not a valid format"),
            ("contact_url", "javascript:alert(1)", ""),
        ],
    )
    def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(
        self, coordination, ccpr, field, value, message
    ):
        _refused_naming_the_field(lambda: builders.practice(coordination["name"], **{field: value}), field, message)


class TestInstitution:
    def test_institution_fields_are_stored(self):
        org = builders.institution(
            name="defensoria",
            acronym="DP",
            branch_of_government="autonomous",
            institution_kind="ombudsperson_nhri",
            contact_email="info@example.org",
            title_translated={"es": "Defensoría del Pueblo", "en": "Ombudsperson"},
        )
        shown = ckan_helpers.call_action("organization_show", id=org["id"])
        assert shown["acronym"] == "DP"
        assert shown["branch_of_government"] == "autonomous"
        assert shown["title_translated"]["en"] == "Ombudsperson"

    def test_unknown_branch_is_refused(self):
        with pytest.raises(tk.ValidationError) as excinfo:
            builders.institution(branch_of_government="fourth_estate")
        assert "unknown code 'fourth_estate'" in _errors(excinfo)["branch_of_government"][0]


class TestLicense:
    """Every record carries the portal's license, whatever a write gives;
    CKAN adds its title and link."""

    def _records(self, coordination, ccpr, **fields):
        builders.institution(name="salud")
        rec = builders.recommendation(coordination["name"], "ccpr", **fields)
        act = builders.action("salud", [rec["name"]], **fields)
        return [ccpr, rec, act]

    def test_each_type_gets_the_portal_license_on_create_and_update(self, coordination, ccpr):
        for record in self._records(coordination, ccpr, license_id="odc-odbl"):
            shown = ckan_helpers.call_action("package_show", id=record["id"])
            assert shown["license_id"] == "CC-BY-4.0", shown["type"]
            assert shown["license_title"] == "Creative Commons Attribution 4.0 International (CC BY 4.0)"
            assert shown["license_url"] == "https://creativecommons.org/licenses/by/4.0/"
            site_user = ckan_helpers.call_action("get_site_user")["name"]
            patched = ckan_helpers.call_action(
                "package_patch", context={"user": site_user}, id=record["id"], license_id="other-closed"
            )
            assert patched["license_id"] == "CC-BY-4.0", shown["type"]

    @pytest.mark.ckan_config("ckanext.simore.license_id", "cc-zero")
    def test_a_portal_chooses_its_license(self, coordination, ccpr):
        for record in self._records(coordination, ccpr)[1:] + [ccpr]:
            assert ckan_helpers.call_action("package_show", id=record["id"])["license_id"] == "cc-zero"

    def test_the_record_page_links_its_license(self, app, coordination, ccpr):
        page = app.get("/mechanism/ccpr").body
        assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page
        assert "Creative Commons Attribution 4.0 International" in page

    def test_an_unknown_license_is_a_start_up_error_naming_the_option(self, ckan_config, monkeypatch):
        from ckanext.simore.records import licenses

        monkeypatch.setitem(ckan_config, "ckanext.simore.license_id", "cc-by-4")
        with pytest.raises(RuntimeError, match="ckanext.simore.license_id: 'cc-by-4'"):
            licenses.install()
