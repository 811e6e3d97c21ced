"""An XSS corpus through every user-text field and link of each record
type (recommendation, action with its evidence and indicators, mechanism,
institution, reporting round), on every page type that shows them: no
payload is ever active in the HTML (no script element, event handler,
script link or injected frame), while the text itself is shown."""

from __future__ import annotations

import builders
import pytest
import sqlalchemy as sa
from ckan import model
from ckan.lib import search
from ckan.tests import helpers
from web_client import active_markup, token_header

from ckanext.simore.db import extras

PAYLOADS = [
    '<script>alert("{m}")</script>',
    "<img src=x onerror=\"alert('{m}')\">",
    '<svg onload="alert(\'{m}\')"><circle r="1"/></svg>',
    '"><svg/onload=alert("{m}")>',
    "' onmouseover='alert(\"{m}\")' data-x='",
    '" autofocus onfocus="alert(\'{m}\')" x="',
    '[pulse {m}](javascript:alert("{m}")) [data {m}](data:text/html;base64,PHNjcmlwdD4=)',
    "<a href=\"javascript:alert('{m}')\">js {m}</a> <a href=\"vbscript:msgbox('{m}')\">vb {m}</a>",
    "<a href=\"data:text/html,<script>alert('{m}')</script>\">data {m}</a>",
    "<iframe src=\"javascript:alert('{m}')\"></iframe><object data=\"javascript:alert('{m}')\"></object>",
    "</textarea></title></script><script>alert('{m}')</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('{m}')></style></mglyph></table></mtext></math>",
]
BAD_LINK = "javascript:alert('xsslink')"


def corpus(marker: str) -> str:
    """Every payload, each carrying ``marker`` (so that it can be found)."""
    return "Texto {m} ".format(m=marker) + " ".join(p.format(m=marker) for p in PAYLOADS)


@pytest.fixture
def hostile(site, ckan_config, monkeypatch):
    """Records whose every free text is the corpus (the marker names the
    field), published, with a round and links stored before the rules."""
    # the whole corpus in one title is longer than a title may be
    monkeypatch.setitem(ckan_config, "ckanext.simore.max_title_chars", 5000)
    builders.institution(
        name="xss-institucion",
        title=corpus("xssorgtitle"),
        title_translated={"es": corpus("xssorgname")},
        acronym=corpus("xssacronym"),
        description=corpus("xssorgdesc"),
        contact_name=corpus("xsscontact"),
        contact_phone=corpus("xssphone"),
        users=[{"name": "focal-salud", "capacity": "editor"}],
    )
    mechanism = builders.mechanism(
        "coordinacion",
        code="XSS-1",
        title_translated={"es": corpus("xssmechtitle")},
        notes_translated={"es": corpus("xssmechnotes")},
    )
    recommendation = builders.recommendation(
        "coordinacion",
        mechanism["name"],
        text_translated={"es": corpus("xssrectext"), "en": corpus("xssrecen")},
        document_symbol=corpus("xsssymbol"),
        paragraph=corpus("xssparagraph"),
        session=corpus("xsssession"),
        external_id=corpus("xssexternal"),
        institutions=["salud", "xss-institucion"],
        lead_institution="salud",
    )
    act = builders.action(
        "salud",
        [recommendation["name"]],
        title_translated={"es": corpus("xssacttitle")},
        notes_translated={"es": corpus("xssactnotes")},
        indicators=[
            {
                "indicator": corpus("xssindicator"),
                "baseline": corpus("xssbaseline"),
                "target": corpus("xsstarget"),
                "current_value": corpus("xsscurrent"),
            }
        ],
        resources=[
            {
                "url": "https://example.org/evidencia.pdf",
                "name": corpus("xssresname"),
                "description": corpus("xssresdesc"),
            }
        ],
    )
    builders.publish(act)
    draft = builders.action("salud", [recommendation["name"]], title_translated={"es": corpus("xssdraft")})
    round_ = builders.reporting_round(
        title=corpus("xssround"), fq="mechanism:" + mechanism["name"], description=corpus("xssrounddesc")
    )
    # links written before the rules (or by hand), straight into the database
    act = helpers.call_action("package_show", id=act["id"])
    model.Resource.get(act["resources"][0]["id"]).url = BAD_LINK
    if extras.PACKAGE_EXTRAS_IN_JSONB:
        model.Session.execute(
            sa.text("UPDATE package SET extras = extras || jsonb_build_object('source_url', :link) WHERE id = :id"),
            {"link": BAD_LINK, "id": recommendation["id"]},
        )
    else:
        model.Session.add(model.PackageExtra(package_id=recommendation["id"], key="source_url", value=BAD_LINK))
    model.Group.get("xss-institucion").extras["url"] = BAD_LINK
    model.Session.commit()
    for package_id in (act["id"], recommendation["id"]):  # package_show reads the indexed copy
        search.rebuild(package_id)
    return {
        "recommendation": recommendation["name"],
        "action": act["name"],
        "draft": draft["name"],
        "resource": act["resources"][0]["id"],
        "mechanism": mechanism["name"],
        "round": round_["id"],
    }


MARKERS = [
    "xssorgtitle",
    "xssorgname",
    "xssacronym",
    "xssorgdesc",
    "xsscontact",
    "xssphone",
    "xssmechtitle",
    "xssmechnotes",
    "xssrectext",
    "xssrecen",
    "xsssymbol",
    "xssparagraph",
    "xsssession",
    "xssexternal",
    "xssacttitle",
    "xssactnotes",
    "xssindicator",
    "xssbaseline",
    "xsstarget",
    "xsscurrent",
    "xssresname",
    "xssresdesc",
    "xssdraft",
    "xssround",
    "xssrounddesc",
]

# page -> (who looks, the markers the page must show)
PAGES = {
    "/": (None, []),
    "/statistics/": (None, ["xssmechtitle"]),
    "/recommendation/": (None, ["xssrecen"]),
    "/recommendation/?q=Texto": (None, ["xssrecen"]),
    "/action/": (None, ["xssacttitle"]),
    "/mechanism/": (None, ["xssmechtitle"]),
    "/organization/": (None, ["xssorgtitle"]),
    "/recommendation/{recommendation}": (None, ["xssrecen", "xsssymbol", "xssmechtitle"]),
    "/action/{action}": (None, ["xssacttitle", "xssactnotes", "xssindicator", "xssresname"]),
    "/action/{action}/resource/{resource}": (None, ["xssresname", "xssresdesc"]),
    "/mechanism/{mechanism}": (None, ["xssmechtitle", "xssmechnotes"]),
    "/organization/xss-institucion": (None, ["xssorgtitle"]),
    "/organization/about/xss-institucion": (None, ["xssorgtitle", "xssorgdesc"]),
    "/organization/salud": (None, []),
    "/action/{draft}": ("focal-salud", ["xssdraft"]),
    "/dashboard/": ("focal-salud", []),
    "/dashboard/institution/salud": ("focal-salud", ["xssround"]),
    "/dashboard/institution/xss-institucion": ("focal-salud", []),
    "/dashboard/coordination": ("coordinadora", ["xssround"]),
    "/dashboard/coordination/without-action": ("coordinadora", []),
    "/rounds/": ("coordinadora", ["xssround"]),
    "/rounds/{round}": ("coordinadora", ["xssround"]),
    "/institutions/network/": ("coordinadora", ["xssorgtitle"]),
    "/action/edit/{draft}": ("focal-salud", ["xssdraft"]),
    "/action/{draft}/resource/new": ("focal-salud", []),
    "/recommendation/edit/{recommendation}": ("coordinadora", ["xssrectext"]),
}


def _problems(html: str, shown: list[str]) -> list[str]:
    problems = ["{} not shown".format(marker) for marker in shown if marker not in html]
    problems += [found for marker in MARKERS for found in active_markup(html, marker)]
    # no markup of a payload comes through as such
    problems += [
        "raw " + payload.format(m=marker)
        for marker in MARKERS
        for payload in PAYLOADS
        if "<" in payload and payload.format(m=marker) in html
    ]
    return problems


def test_no_payload_is_ever_active_on_any_page(app, hostile):
    """One portal, every page (one fixture: building it takes seconds)."""
    problems = {}
    for page, (user, shown) in PAGES.items():
        response = app.get(page.format(**hostile), headers=token_header(user) if user else {})
        found = _problems(response.body, shown) if response.status_code == 200 else [response.status_code]
        if found:
            problems[page] = found
    assert not problems, problems
