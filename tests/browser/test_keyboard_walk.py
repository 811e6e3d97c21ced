"""A keyboard-only walk over every page type, the forms and the workflow
pages included, as each role that uses them: pressing Tab from the top of
the page reaches every link, button and field a mouse could use (one radio
of a group is enough: arrows move within it), each showing where the focus
is; axe finds no serious or critical violation on any of them."""

import io

import pytest

pytestmark = pytest.mark.browser

# {request}, {question}, {draft}, {section}, {round} and {obligation} stand
# for the ids the demo gave its information request (and its last question),
# report draft (and its first section), reporting round and first calendar
# entry; {import} for an import's dry run: the ids fixture finds them.
PAGES = {
    ("public", None): [
        ("/", "home"),
        ("/statistics/", "statistics"),
        ("/recommendation/?q=tortura", "search"),
        ("/recommendation/rec-demo-002", "recommendation"),
        ("/action/", "actions"),
        ("/action/action-demo-005", "published-action"),
        ("/mechanism/cedaw", "mechanism"),
        ("/organization/ministerio-salud", "institution"),
        ("/calendar", "calendar"),
        ("/calendar/{obligation}", "calendar-entry"),
        ("/indicators", "indicators"),
        ("/indicators/razon-mortalidad-materna", "indicator"),
    ],
    ("focal-point", "punto-focal-mujer"): [
        ("/dashboard/institution/ministerio-mujer", "institution-dashboard"),
        ("/action/new", "action-form"),
        ("/action/action-demo-003", "own-draft-action"),
        ("/action/action-demo-003/resource/new", "evidence-form"),
        ("/information-requests/{request}", "information-request-answers"),
        ("/information-requests/{request}/questions/{question}/ministerio-mujer", "answer-form"),
        ("/user/punto-focal-mujer", "profile"),
    ],
    ("health-focal-point", "punto-focal-salud"): [
        ("/indicators/razon-mortalidad-materna/values/new", "indicator-value-form")
    ],
    ("validator", "validadora-salud"): [
        ("/dashboard/institution/ministerio-salud", "validation-dashboard"),
        ("/action/action-demo-001", "action-awaiting-validation"),
        ("/information-requests/{request}", "answers-to-validate"),
    ],
    ("coordinator", "coordinadora"): [
        ("/dashboard/coordination", "coordination-dashboard"),
        ("/recommendation/rec-demo-001", "status-and-assignment-forms"),
        ("/recommendations/changes", "change-sets"),
        ("/rounds/", "rounds"),
        ("/rounds/new", "round-form"),
        ("/rounds/{round}", "round"),
        ("/calendar/new", "calendar-form"),
        ("/calendar/{obligation}/edit", "calendar-entry-form"),
        ("/information-requests", "information-requests"),
        ("/information-requests/new", "information-request-form"),
        ("/indicators/new", "indicator-form"),
        ("/indicators/razon-mortalidad-materna/edit", "indicator-edit-form"),
        ("/drafts", "drafts"),
        ("/drafts/{draft}", "draft"),
        ("/drafts/section/{section}/edit", "section-form"),
        ("/drafts/section/{section}/versions", "section-versions"),
        ("/institutions/network/", "focal-point-network"),
        ("/imports/", "imports"),
        ("/imports/{import}", "import-dry-run"),
    ],
    ("sysadmin", "admin"): [("/setup/", "country-setup")],
}


@pytest.fixture(scope="module")
def ids(portal_server):
    """The ids of the records PAGES names, as the coordinator sees them; an
    import of two rows (one refused) is uploaded and its dry run done."""
    from ckan.tests import helpers
    from werkzeug.datastructures import FileStorage

    from ckanext.simore.imports import jobs

    def run(action: str, **data):
        return helpers.call_action(action, context={"user": "coordinadora"}, **data)

    request = run("simore_information_request_list")["requests"][0]["id"]
    draft = run("simore_draft_list")["drafts"][0]["id"]
    sheet = (
        "To,Text,From,Response,Issue,Session\n"
        "Paraguay,Adopt a comprehensive law against discrimination,Chile,Supported,Women's rights,38\n"
        "Atlantis,Do it,France,Noted,Other,10\n"
    )
    upload = FileStorage(stream=io.BytesIO(sheet.encode()), filename="upr-info.csv")
    dry_run = run("simore_import_create", upload=upload)["id"]
    jobs.run(dry_run, True)  # what the worker does
    return {
        "request": request,
        "question": run("simore_information_request_show", id=request)["questions"][-1]["id"],
        "draft": draft,
        "section": run("simore_draft_show", id=draft)["sections"][0]["id"],
        "round": run("simore_round_list")[0]["id"],
        "obligation": run("simore_obligation_list")["obligations"][0]["id"],
        "import": dry_run,
    }


# Marks every element a mouse could use (visible, enabled, not taken out of
# the tab order) and returns them.
CANDIDATES = """() => {
  const selector = 'a[href], area[href], button, input, select, textarea, summary, [tabindex], [contenteditable="true"]';
  const shown = el => {
    if (el.closest('[hidden], [inert], [aria-hidden="true"]') || !el.getClientRects().length) return false;
    // a closed <details> keeps its content laid out but out of reach, all but its summary
    const closed = el.closest('details:not([open])');
    if (closed && !(el.tagName === 'SUMMARY' && el.parentElement === closed)) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none';
  };
  const found = [];
  document.querySelectorAll(selector).forEach((el, index) => {
    if (el.disabled || el.getAttribute('tabindex') === '-1' || el.type === 'hidden' || !shown(el)) return;
    el.setAttribute('data-walk', String(index));
    const name = el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || el.id || el.tagName;
    found.push({id: String(index), group: el.type === 'radio' ? 'radio:' + el.name : null,
                what: el.tagName.toLowerCase() + ' ' + name.trim().replace(/\\s+/g, ' ').slice(0, 60)});
  });
  return found;
}"""

# The focused element: its mark, and whether the focus shows (an outline or
# a shadow around it).
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  // Bootstrap fades its focus shadow in: read the style the fade ends on, not
  // a frame of it (a looping animation cannot finish and is left alone)
  document.getAnimations().forEach(a => { try { a.finish(); } catch (endless) {} });
  // select2 (CKAN 2.11) focuses a hidden input and shows the focus on its box
  const widget = el.closest('.select2-container');
  const style = getComputedStyle((widget && widget.querySelector('.select2-choice, .select2-choices')) || el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  // a chart's bar shows its focus as a frame drawn around it
  const framed = [...el.querySelectorAll('rect')].some(rect => getComputedStyle(rect).stroke !== 'none');
  return {id: el.getAttribute('data-walk'), shows: outline || framed || (style.boxShadow !== 'none' && !/^rgba\\(\\d+, \\d+, \\d+, 0\\)/.test(style.boxShadow)),
          what: el.tagName.toLowerCase() + ' ' + (el.getAttribute('aria-label') || el.textContent || el.id || '').trim().slice(0, 60)};
}"""


def _walk(person):
    """Tab through the page until the focus comes back where it started (a
    field focused when the page opened starts the walk in the middle: it
    goes on past the end, through the browser's own controls, to the top);
    (every candidate, the marks reached, the elements whose focus did not
    show)."""
    page = person.page
    candidates = page.evaluate(CANDIDATES)
    reached, unseen, outside = [], [], 0
    for _ in range(len(candidates) + 40):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:  # out of the page, in the browser's controls
            outside += 1
            if outside > 3:
                break
            continue
        if reached and focused["id"] == reached[0]:
            break
        reached.append(focused["id"])
        if not focused["shows"]:
            unseen.append(focused["what"])
    return candidates, set(reached), unseen


@pytest.mark.parametrize("role, user", list(PAGES), ids=[role for role, _ in PAGES])
def test_every_page_is_walked_with_the_keyboard_alone(visitor, ids, role, user):
    person = visitor(role + "-keyboard")
    if user:
        person.login(user)
    problems = []  # every page's, so that one run shows them all
    for path, label in PAGES[role, user]:
        path = path.format(**ids)
        try:
            person.check(path, label)  # rendered, photographed, axe
        except AssertionError as refused:
            problems.append(str(refused))
            continue
        candidates, reached, unseen = _walk(person)
        groups_reached = {c["group"] for c in candidates if c["group"] and c["id"] in reached}
        missed = [c["what"] for c in candidates if c["id"] not in reached and c["group"] not in groups_reached]
        if missed:
            problems.append(f"{label} ({path}): Tab never reaches {missed[:10]}")
        if unseen:
            problems.append(f"{label} ({path}): the focus does not show on {unseen[:10]}")
    assert not problems, "\n".join(problems)
