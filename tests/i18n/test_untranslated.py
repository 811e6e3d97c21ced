"""Every page of the extension's types and features, in Spanish and French,
shows no interface text left in English and none of CKAN's dataset jargon.

The detector knows what "left in English" means from the catalogues: a
visible text (a text node, an element's whole text, a ``placeholder``,
``title``, ``aria-label`` or ``alt``, a button's ``value``, the page's
``<title>``) that is one of CKAN's, scheming's or the extension's English
interface strings (or a label of the schemas) whose translation in the page's
language is another text, was shown untranslated. Strings with placeholders
("%(count)s datasets found") match whatever fills them. The test data are
written in the page's language, so no record text can be mistaken for
interface text.
"""

from __future__ import annotations

import datetime
import io
import re
from functools import cache
from pathlib import Path

import builders
import ckan
import lxml.html
import pytest
import yaml
from babel.messages.pofile import read_po
from ckan.tests import factories, helpers

ROOT = Path(__file__).resolve().parents[2]
CKAN_I18N = Path(ckan.__file__).parent / "i18n"
VOCABULARIES = ROOT / "ckanext" / "simore" / "vocabularies"
LANGUAGES = ["es", "fr"]

# CKAN's words for what the extension calls otherwise: never on these pages.
JARGON = {
    "es": [
        r"\b[Dd]atasets?\b",
        r"\b[Cc]onjuntos? de datos\b",
        r"\b[Rr]ecursos?\b",
        r"\b[Rr]esources?\b",
        r"\bRecommendations?\b",
        r"\bActions?\b",
        r"\bMechanisms?\b",
        r"\bAñadir datos\b",
        r"\bAgregar datos\b",
        # English left in a sentence CKAN builds from a type's name
        r"\b(found|the)\b",
        # a date in English order ("diciembre 3, 2026")
        r"\b(enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre) \d{1,2}, \d{4}",
    ],
    "fr": [
        r"\b[Dd]atasets?\b",
        r"\b[Jj]eux? de données\b",
        r"\b[Rr]essources?\b",
        r"\b[Rr]esources?\b",
        r"\bRecommendations?\b",
        r"\bMechanisms?\b",
        r"\b[Aa]jouter des données\b",
        r"\b(found|the)\b",
        r"\b(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{1,2}, \d{4}",
    ],
}

# CKAN's word for the institutions; civil society's organizations are
# rightly called so (in the regions marked "simore-civil-society", and
# wherever they are named in full).
ORGANIZATION_JARGON = {
    "es": r"\b[Oo]rganizaci[oó]n(es)?\b(?! de la sociedad civil)",
    "fr": r"\b[Oo]rganisations?\b(?! de la société civile)",
}
CIVIL_SOCIETY_REGION = "simore-civil-society"

# Texts that are the same in every language.
NAMES = {"Facebook", "Twitter", "Markdown"}

# Attributes a person reads (or hears).
READ_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
BUTTON_INPUTS = {"submit", "button", "reset"}
NOT_SHOWN = {"script", "style", "template"}
# what people typed: the form shows it as it is, in any language
TYPED = {"textarea"}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")
# a placeholder of a number ("{num} Members") is filled with digits
NUMBER = re.compile(r"%\((num|number|count)\)[sd]|%d|\{(num|number|count)\}")
TAG = re.compile(r"<[^>]+>")
LONGEST = 300  # longer texts are records' texts, never one interface string


def _normal(text: str) -> str:
    return " ".join(text.split())


def _catalogue(path: Path) -> dict[str, str]:
    """English interface string -> its translation ("" if none), singular
    and plural forms alike."""
    if not path.exists():
        return {}
    with open(path, "rb") as f:
        catalog = read_po(f)
    found = {}
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        usable = message.string and not message.fuzzy
        for index, msgid in enumerate(ids):
            text = strings[min(index, len(strings) - 1)] if usable else ""
            found[_normal(TAG.sub("", msgid))] = _normal(TAG.sub("", text or ""))
    return found


def _labels(folder: Path, lang: str) -> dict[str, str]:
    """The labels of the YAML files in ``folder`` (the schemas' labels, field
    labels and help texts; the vocabularies' terms): English -> lang."""
    found: dict[str, str] = {}

    def walk(node):
        if isinstance(node, dict):
            if "en" in node and isinstance(node.get("en"), str):
                found[_normal(node["en"])] = _normal(node.get(lang) or "")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(folder.glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


@cache
def _detector(lang: str):
    """(exact English strings, one pattern of the strings with
    placeholders, each such string's pattern) that ``lang`` translates."""
    merged = _catalogue(CKAN_I18N / lang / "LC_MESSAGES" / "ckan.po")
    # the extension's catalogue is merged after CKAN's: its strings win
    for msgid, text in _catalogue(ROOT / "i18n" / lang / "LC_MESSAGES" / "ckanext-simore.po").items():
        if text or msgid not in merged:
            merged[msgid] = text
    for folder in (ROOT / "schemas", VOCABULARIES):
        for msgid, text in _labels(folder, lang).items():
            merged.setdefault(msgid, text)
    exact, patterns = set(), {}
    for msgid, text in merged.items():
        # a translation equal to the English ("Description" in French) is no
        # sign of anything; a string of one or two letters is no sentence
        if text == msgid or len(re.sub(r"[^A-Za-z]", "", PLACEHOLDER.sub("", msgid))) < 3:
            continue
        if PLACEHOLDER.search(msgid):
            pattern = "".join(
                re.escape(part) if i % 2 == 0 else (r"[\d.,\s]+" if NUMBER.fullmatch(part) else ".+?")
                for i, part in enumerate(re.split("({})".format(PLACEHOLDER.pattern), msgid))
                if part is not None
            )
            patterns[msgid] = re.compile(pattern)
        else:
            exact.add(msgid)
    combined = re.compile("|".join("(?:{})".format(p.pattern) for p in patterns.values()))
    return exact, combined, patterns


@cache
def _terms(lang: str) -> frozenset[str]:
    """The vocabularies' terms in ``lang``: content, whatever words they use
    ("Acceso a la justicia y a recursos efectivos")."""
    return frozenset(_labels(VOCABULARIES, lang).values())


def _in_civil_society(element) -> bool:
    return any(
        CIVIL_SOCIETY_REGION in (node.get("class") or "").split() for node in (element, *element.iterancestors())
    )


def _readable_texts(page: str):
    """(where, text, whether in a civil society region) of everything a
    person reads on the page."""
    root = lxml.html.fromstring(page)
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in NOT_SHOWN:
            continue
        if any(ancestor.tag in NOT_SHOWN for ancestor in element.iterancestors()):
            continue
        civil = _in_civil_society(element)
        for attribute in READ_ATTRIBUTES:
            if element.get(attribute):
                yield "{}@{}".format(element.tag, attribute), element.get(attribute), civil
        if element.tag in ("input", "button") and (element.get("type") or "submit") in BUTTON_INPUTS:
            if element.get("value") and element.tag == "input":
                yield "input@value", element.get("value"), civil
        if element.tag in TYPED:
            continue
        if element.tag == "title" and element.text:
            # CKAN's title: "Page - Section - Site title"
            for part in element.text.split(" - "):
                yield "title", part, civil
        elif element.text:
            yield element.tag, element.text, civil
        if element.tail and element.getparent() is not None:
            yield element.getparent().tag, element.tail, civil
        whole = element.text_content()
        if len(whole) <= LONGEST and len(element):
            yield element.tag + "*", whole, civil


def untranslated(page: str, lang: str) -> list[str]:
    """What ``page`` shows in English, or in CKAN's words, in ``lang``."""
    exact, combined, patterns = _detector(lang)
    jargon = re.compile("|".join(JARGON[lang]))
    organization_jargon = re.compile(ORGANIZATION_JARGON[lang])
    found = []
    for where, raw, civil_society in _readable_texts(page):
        text = _normal(raw)
        if not text or len(text) > LONGEST or text in NAMES or not re.search("[a-zß-ÿ]", text):
            continue
        if text in exact:
            found.append("{}: {!r} is English".format(where, text))
        elif combined.fullmatch(text):
            msgid = next(m for m, p in patterns.items() if p.fullmatch(text))
            found.append("{}: {!r} is English ({!r})".format(where, text, msgid))
        # jargon in what the page itself says, not in the texts around it
        says_jargon = jargon.search(text) or (not civil_society and organization_jargon.search(text))
        if not where.endswith("*") and text not in _terms(lang) and says_jargon:
            found.append("{}: {!r} is CKAN's jargon".format(where, text))
    return sorted(set(found))


# The detector must find what it is meant to find.
@pytest.mark.parametrize(
    "page, finding",
    [
        ("<p>Search datasets...</p>", "is English"),
        ("<input placeholder='Search datasets...'>", "is English"),
        ("<h1><strong>3</strong> datasets found</h1>", "datasets found"),
        ("<title>Dashboard - CKAN</title><p>x</p>", "Dashboard"),
        ("<button aria-label='Close'>×</button>", "is English"),
        ("<input type='submit' value='Update'>", "is English"),
        ("<p>Añadir un recurso</p>", "jargon"),
        ("<a>Reporting round</a>", "is English"),
        ("<p>2 recommendations found</p>", "jargon"),
        ("<time>diciembre 3, 2026</time>", "jargon"),
        ("<strong>3 Members</strong>", "{num} Members"),
        ("<h2>Mis organizaciones</h2>", "jargon"),
    ],
)
def test_the_detector_finds_english_and_jargon(page, finding):
    found = untranslated("<html><body>{}</body></html>".format(page), "es")
    assert any(finding in line for line in found), found


def test_the_detector_lets_translated_pages_pass():
    page = "<html><head><title>Recomendaciones</title></head><body><p>Ministerio de Salud</p></body></html>"
    assert untranslated(page, "es") == []


def test_civil_society_organizations_are_called_so():
    named = "<p>Ninguna organización de la sociedad civil escribió aún.</p>"
    region = "<section class='simore-civil-society'><label>Mensaje para las organizaciones</label></section>"
    assert untranslated("<html><body>{}{}</body></html>".format(named, region), "es") == []


# -- the pages ---------------------------------------------------------------


def _login(user):
    return {"Authorization": factories.APIToken(user=user)["token"]}


def _transition(action, name, user, comment=""):
    helpers.call_action(
        "simore_action_transition",
        context={"user": user},
        id=action["id"],
        transition=name,
        **({"comment": comment} if comment else {}),
    )


@pytest.fixture
def walk(clean_db, clean_index, monkeypatch, ckan_config):
    """A network with records of every type and an action in each state,
    a reporting round and an import; returns the pages to walk as
    (user or None, path, expected status)."""
    from werkzeug.datastructures import FileStorage

    from ckanext.simore.imports import jobs

    builders.network()
    for name in ("coordinacion", "salud", "justicia"):
        # the factories' descriptions are random English
        helpers.call_action(
            "organization_patch", context={"user": "root"}, id=name, description="Institución del Estado."
        )
    for name, _email, _full_name in builders.PEOPLE.values():
        helpers.call_action("user_patch", context={"user": "root"}, id=name, about="Persona de prueba.")
    mechanism = builders.mechanism("coordinacion", code="CEDAW")
    texts = {
        "es": "Reforzar la protección de las mujeres en el empleo.",
        "en": "Strengthen the protection of women at work.",
        "fr": "Renforcer la protection des femmes au travail.",
    }
    rec = builders.recommendation("coordinacion", "cedaw", institutions=["salud"], text_translated=texts)
    practice = builders.practice(
        "coordinacion",
        mechanism="cedaw",
        themes=["nmirf"],
        title_translated={"es": "Mesas por recomendación", "fr": "Tables par recommandation"},
        problem_translated={"es": "Nadie respondía.", "fr": "Personne ne répondait."},
        notes_translated={"es": "Una mesa por tema.", "fr": "Une table par thème."},
        contact_email="simore@example.org",
    )
    titles = {"es": "Plan de salud materna", "fr": "Plan de santé maternelle"}

    def action(state):
        made = builders.action("salud", [rec["name"]], title_translated=titles)
        steps = {
            "draft": [],
            "submitted": [("submit", "focal-salud")],
            "approved": [("submit", "focal-salud"), ("approve", "valida-salud")],
            "returned": [("submit", "focal-salud"), ("return", "valida-salud")],
            "published": [("submit", "focal-salud"), ("approve", "valida-salud"), ("publish", "coordinadora")],
            "withdrawn": [
                ("submit", "focal-salud"),
                ("approve", "valida-salud"),
                ("publish", "coordinadora"),
                ("withdraw", "coordinadora"),
            ],
        }[state]
        for name, user in steps:
            _transition(made, name, user, comment="Falta el informe." if name in ("return", "withdraw") else "")
        return made

    actions = {state: action(state) for state in ("draft", "submitted", "approved", "returned", "published")}
    actions["withdrawn"] = action("withdrawn")
    evidence = helpers.call_action(
        "resource_create",
        context={"user": "focal-salud"},
        package_id=actions["draft"]["id"],
        url="https://example.org/informe.pdf",
        name="Informe 2026",
    )
    opened = builders.reporting_round(title="Ronda 2026", due_date="2030-06-30")
    monkeypatch.setattr(jobs, "enqueue", lambda run_id, dry_run: jobs.run(run_id, dry_run))
    upload = FileStorage(
        stream=io.BytesIO(b"To,Text,From,Response,Issue,Session\nAtlantis,Hacerlo,France,Noted,Other,10\n"),
        filename="ronda.csv",
    )
    run = helpers.call_action("simore_import_create", context={"user": "coordinadora"}, upload=upload)
    report = helpers.call_action(
        "simore_obligation_create",
        context={"user": "coordinadora"},
        mechanism=mechanism["name"],
        kind="follow_up_report",
        due_date="2020-06-30",
        period="Seguimiento",
        recommendations=[rec["name"]],
    )
    helpers.call_action(
        "simore_indicator_create",
        context={"user": "coordinadora"},
        code="salud-materna",
        title={"es": "Partos atendidos en establecimientos de salud", "fr": "Accouchements en établissement"},
        kind="outcome",
        unit="percentage",
        periodicity="annual",
        organization="salud",
        disaggregations=["area"],
        recommendations=[rec["name"]],
    )
    for period, steps in (("2023", ["submit", "approve"]), ("2024", ["submit"]), ("2025", [])):
        value = helpers.call_action(
            "simore_indicator_value_create",
            context={"user": "focal-salud"},
            indicator="salud-materna",
            period=period,
            value="81.5",
        )
        for step in steps:
            helpers.call_action(
                "simore_indicator_value_transition",
                context={"user": "valida-salud" if step == "approve" else "focal-salud"},
                id=value["id"],
                transition=step,
            )

    asked = helpers.call_action(
        "simore_information_request_create",
        context={"user": "coordinadora"},
        title="Lista de cuestiones",
        kind="list_of_issues",
        deadline="2020-06-30",
        questions="1. ¿Qué medidas se adoptaron?",
        institutions=["salud"],
        recommendations=[rec["name"]],
        themes=["right_to_health"],
    )
    helpers.call_action("simore_information_request_send", context={"user": "coordinadora"}, id=asked["id"])
    answered = helpers.call_action(
        "simore_answer_save",
        context={"user": "focal-salud"},
        question=asked["questions"][0]["id"],
        organization="salud",
        text="Se adoptó un plan.",
    )
    for step, user in (("submit", "focal-salud"), ("approve", "valida-salud")):
        helpers.call_action("simore_answer_transition", context={"user": user}, id=answered["id"], transition=step)
    unsent = helpers.call_action(
        "simore_information_request_create",
        context={"user": "coordinadora"},
        title="Cuestionario propio",
        kind="own",
        deadline="2031-01-31",
    )
    answer_page = "/information-requests/{}/questions/{}/salud".format(asked["id"], asked["questions"][0]["id"])

    drafted = helpers.call_action(
        "simore_draft_create", context={"user": "coordinadora"}, obligation=report["id"], language="es"
    )
    # the assembled text is the draft's (the test's data): written in Spanish here
    for number, section in enumerate(drafted["sections"], start=1):
        helpers.call_action(
            "simore_draft_section_update",
            context={"user": "coordinadora"},
            id=section["id"],
            heading="Sección {}".format(number),
            body="Texto del párrafo {}.".format(number),
        )
    first_section = drafted["sections"][0]["id"]
    # an annex: its list and remove button on the draft's page
    helpers.call_action(
        "simore_draft_annex_add",
        context={"user": "coordinadora"},
        id=drafted["id"],
        title="Anexo estadístico",
        upload=FileStorage(io.BytesIO(b"%PDF-1.4\n%%EOF\n"), filename="anexo.pdf"),
    )

    # civil society: an organization and its admin, a published assessment
    # and one waiting, a request to join, a consultation on the draft
    factories.User(name="activista", email="activista@example.org")
    site = {"user": helpers.call_action("get_site_user", context={"ignore_auth": True})["name"]}
    helpers.call_action(
        "organization_create",
        context=dict(site),
        type="civil_society",
        name="observatorio",
        title="Observatorio de Derechos",
        civil_society_kind="ngo",
        users=[{"name": "activista", "capacity": "admin"}],
    )
    said = [
        helpers.call_action(
            "simore_contribution_create",
            context={"user": "activista"},
            kind="assessment",
            organization="observatorio",
            record=rec["name"],
            status="not_started",
            body="Nada cambió.",
            evidence=["https://example.org/informe"],
        )
        for _ in range(2)
    ]
    helpers.call_action(
        "simore_contribution_moderate", context={"user": "coordinadora"}, id=said[0]["id"], decision="publish"
    )
    helpers.call_action(
        "simore_membership_request_create",
        context={"user": "ciudadana"},
        kind="join",
        organization="observatorio",
        message="Hola",
    )
    consultation = helpers.call_action(
        "simore_consultation_open",
        context={"user": "coordinadora"},
        draft=drafted["id"],
        closes=(datetime.date.today() + datetime.timedelta(days=20)).isoformat(),
        audience="all",
    )

    change_set = helpers.call_action(
        "simore_recommendation_assign",
        context={"user": "coordinadora"},
        ids=[rec["name"]],
        institutions=["justicia"],
        justification="Decreto 12 de 2026",
    )["change_set"]

    draft, published = actions["draft"]["name"], actions["published"]["name"]
    anonymous = [
        "/",
        "/recommendation/",
        "/recommendation/?q=zzzzqqqq",
        "/action/",
        "/action/?q=zzzzqqqq",
        "/mechanism/",
        "/mechanism/?q=zzzzqqqq",
        "/practice/",
        "/practice/?q=zzzzqqqq",
        "/practice/" + practice["name"],
        "/recommendation/" + rec["name"],
        "/dataset/activity/" + rec["name"],
        "/mechanism/" + mechanism["name"],
        "/action/" + published,
        "/organization/",
        "/organization/salud",
        "/organization/about/salud",
        "/statistics/",
        "/calendar",
        "/calendar/" + report["id"],
        "/indicators",
        "/indicators/salud-materna",
        "/information-requests",
        "/information-requests/" + asked["id"],
        answer_page,
        "/drafts",
        "/user/login",
        "/user/register",
        "/civil_society/",
        "/civil_society/observatorio",
        "/civil_society/about/observatorio",
    ]
    civil_society = [
        "/recommendation/" + rec["name"],
        "/participation/requests",
        "/participation/register",
        "/participation/join/observatorio",
        "/participation/contributions/{}/edit".format(said[1]["id"]),
        "/consultations/" + consultation["id"],
        "/civil_society/observatorio",
        "/civil_society/edit/observatorio",
    ]
    focal_point = [
        "/dashboard/",
        "/dashboard/institution",
        "/dashboard/institution/salud",
        "/action/new",
        "/action/edit/" + draft,
        "/action/resources/" + draft,
        "/action/{}/resource/new".format(draft),
        "/action/{}/resource/{}".format(draft, evidence["id"]),
        "/action/{}/resource/{}/edit".format(draft, evidence["id"]),
        "/rounds/",
        "/rounds/" + opened["id"],
        "/rounds/{}/owed/salud".format(opened["id"]),
        "/user/focal-salud",
        "/information-requests/" + asked["id"],
        answer_page,
        "/dashboard/datasets",
        "/dashboard/organizations",
        "/dataset/activity/" + draft,
        "/organization/activity/salud",
        "/user/activity/focal-salud",
        "/indicators/salud-materna",
        "/indicators/salud-materna/values/new",
        "/indicators/salud-materna/values/{}/edit".format(value["id"]),
    ] + ["/action/" + made["name"] for made in actions.values()]
    validator = ["/dashboard/", "/action/" + actions["submitted"]["name"]]
    coordinator = [
        "/dashboard/",
        "/dashboard/coordination",
        "/dashboard/coordination/without-action",
        "/dashboard/institution/salud",
        "/recommendation/" + rec["name"],
        "/recommendation/new",
        "/recommendation/edit/" + rec["name"],
        "/mechanism/new",
        "/mechanism/edit/" + mechanism["name"],
        "/practice/new",
        "/practice/edit/" + practice["name"],
        "/action/" + actions["approved"]["name"],
        "/action/" + actions["withdrawn"]["name"],
        "/rounds/",
        "/rounds/new",
        "/rounds/" + opened["id"],
        "/rounds/{}/owed/salud".format(opened["id"]),
        "/imports/",
        "/imports/" + run["id"],
        "/institutions/network/",
        "/recommendations/changes",
        "/recommendations/changes/" + change_set,
        "/calendar",
        "/calendar/new",
        "/calendar/{}/edit".format(report["id"]),
        "/indicators/new",
        "/indicators/salud-materna",
        "/indicators/salud-materna/edit",
        "/information-requests",
        "/information-requests/new",
        "/information-requests/" + unsent["id"],
        "/information-requests/{}/edit".format(unsent["id"]),
        "/information-requests/{}/edit".format(asked["id"]),
        answer_page,
        "/drafts",
        "/drafts/" + drafted["id"],
        "/drafts/section/{}/edit".format(first_section),
        "/drafts/section/{}/versions".format(first_section),
        "/participation/requests",
        "/participation/moderation",
        "/consultations/" + consultation["id"],
    ]
    sysadmin = ["/organization/edit/salud", "/organization/new", "/setup/"]
    errors = [
        (None, "/recommendation/no-such-record", 404),
        (None, "/no-such-page", 404),
        ("focal-salud", "/rounds/new", 403),
        ("ciudadana", "/imports/", 403),
        ("focal-salud", "/calendar/new", 403),
        ("focal-salud", "/indicators/new", 403),
        ("focal-salud", "/information-requests/new", 403),
        (None, "/information-requests/" + unsent["id"], 404),
        ("ciudadana", "/drafts/" + drafted["id"], 404),
    ]
    return (
        [(None, path, 200) for path in anonymous]
        + [("focal-salud", path, 200) for path in focal_point]
        + [("valida-salud", path, 200) for path in validator]
        + [("coordinadora", path, 200) for path in coordinator]
        + [("activista", path, 200) for path in civil_society]
        + [("root", path, 200) for path in sysadmin]
        + errors
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_is_in_the_interface_language(app, walk, lang):
    tokens = {}
    findings = []
    for user, path, status in walk:
        if user and user not in tokens:
            tokens[user] = _login(user)
        response = app.get("/" + lang + path, headers=tokens.get(user, {}), expect_errors=True)
        if response.status_code != status:
            findings.append("{} {} as {}: status {}".format(lang, path, user, response.status_code))
        findings += [
            "{} {} as {}: {}".format(lang, path, user or "anonymous", line)
            for line in untranslated(response.body, lang)
        ]
    assert findings == [], "\n" + "\n".join(findings)
