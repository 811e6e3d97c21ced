"""Reading a country's institutions sheet: each row an institution or
refusals naming the row and the column (pure, no CKAN)."""

from ckanext.simore.deployment import institutions

LANGUAGES = ["es", "en", "fr"]


def _read(*rows):
    return list(institutions.read(enumerate(rows, start=2), LANGUAGES, ["es"]))


def test_a_row_gives_the_institution_and_whom_to_invite():
    [found] = _read(
        {
            "Title ES": "Ministerio de Salud",
            "title_en": "Ministry of Health",
            "Acronym": "MSP",
            "Branch": "Poder Ejecutivo",  # a label in any language, or the code
            "kind": "ministry",
            "Focal points": "ana@salud.example.gov; luis@salud.example.gov",
            "validators": "jefa@salud.example.gov",
            "contact_email": "info@salud.example.gov",
        }
    )
    assert found.row == 2
    assert found.fields["name"] == "msp"  # no name column: the acronym
    assert found.fields["title"] == "Ministerio de Salud"
    assert found.fields["title_translated"] == {"es": "Ministerio de Salud", "en": "Ministry of Health"}
    assert found.fields["branch_of_government"] == "executive"
    assert found.fields["institution_kind"] == "ministry"
    assert found.invitations == [
        ("ana@salud.example.gov", "main"),
        ("luis@salud.example.gov", "main"),
        ("jefa@salud.example.gov", "validator"),
    ]


def test_every_problem_of_a_row_is_named_and_the_row_left_out():
    found = _read(
        {"name": "ok", "title_es": "Bien", "branch": "judicial"},
        {"title_en": "No Spanish", "branch": "the fourth power", "kind": "club", "alternates": "not-an-address"},
        {"name": "ok", "title_es": "Otra", "branch": "executive"},
        {"name": "", "title_es": "", "branch": ""},  # an empty line
    )
    assert [entry.fields["name"] for entry in found if isinstance(entry, institutions.Institution)] == ["ok"]
    refusals = [str(entry) for entry in found if isinstance(entry, institutions.Refusal)]
    assert refusals[0] == "row 3, title_es: the institution's name in this language is missing"
    assert refusals[1].startswith("row 3, branch: unknown branch of government 'the fourth power' (one of: executive")
    assert refusals[2].startswith("row 3, kind: unknown kind of institution 'club'")
    assert refusals[3] == "row 3, alternates: not an e-mail address: 'not-an-address'"
    assert refusals[4] == "row 4, name: 'ok' is already row 2"
    assert len(refusals) == 5


def test_a_sheet_without_the_default_language_title_or_the_branch_is_named():
    assert institutions.missing_columns(["Name", "Title EN"], LANGUAGES) == ["title_es", "branch"]
    assert institutions.missing_columns(["title_es", "Branch"], LANGUAGES) == []
