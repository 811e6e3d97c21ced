"""A keyboard-only walk over every page type, the forms and the workflow
pages included, as each role that uses them: pressing Tab from the top of
the page reaches every link, button and field a mouse could use (one radio
of a group is enough: arrows move within it), each showing where the focus
is; axe finds no serious or critical violation on any of them."""

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    ("public", None): [
        ("/", "home"),
        ("/statistics/", "statistics"),
        ("/recommendation/?q=tortura", "search"),
        ("/recommendation/rec-demo-002", "recommendation"),
        ("/action/", "actions"),
        ("/calendar", "calendar"),
        ("/indicators/razon-mortalidad-materna", "indicator"),
    ],
    ("focal-point", "punto-focal-mujer"): [
        ("/dashboard/institution/ministerio-mujer", "institution-dashboard"),
        ("/action/new", "action-form"),
        ("/action/action-demo-003/resource/new", "evidence-form"),
    ],
    ("validator", "validadora-salud"): [("/dashboard/institution/ministerio-salud", "validation-dashboard")],
    ("coordinator", "coordinadora"): [
        ("/dashboard/coordination", "coordination-dashboard"),
        ("/recommendation/rec-demo-001", "status-and-assignment-forms"),
        ("/rounds/new", "round-form"),
        ("/calendar/new", "calendar-form"),
        ("/information-requests/new", "information-request-form"),
        ("/imports/", "imports"),
    ],
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
  // select2 (CKAN 2.11) focuses a hidden input and shows the focus on its box
  const widget = el.closest('.select2-container');
  const style = getComputedStyle((widget && widget.querySelector('.select2-choice, .select2-choices')) || el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  // a chart's bar shows its focus as a frame drawn around it
  const framed = [...el.querySelectorAll('rect')].some(rect => getComputedStyle(rect).stroke !== 'none');
  return {id: el.getAttribute('data-walk'), shows: outline || framed || style.boxShadow !== 'none',
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
def test_every_page_is_walked_with_the_keyboard_alone(visitor, role, user):
    person = visitor(role + "-keyboard")
    if user:
        person.login(user)
    for path, label in PAGES[role, user]:
        person.check(path, label)  # rendered, photographed, axe
        candidates, reached, unseen = _walk(person)
        groups_reached = {c["group"] for c in candidates if c["group"] and c["id"] in reached}
        missed = [c["what"] for c in candidates if c["id"] not in reached and c["group"] not in groups_reached]
        assert not missed, f"{label} ({path}): Tab never reaches {missed[:10]}"
        assert not unseen, f"{label} ({path}): the focus does not show on {unseen[:10]}"
