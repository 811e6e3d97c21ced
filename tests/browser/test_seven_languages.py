"""The portal in the six UN languages and Portuguese, in a real browser:
the reader switches language from the footer, the public pages and a focal
point's pages (dashboard, action form, evidence form) come in that language
(Arabic right to left), and axe finds no serious or critical violation on
any of them. Screenshots: test-artifacts/browser/<lang>--*.png."""

import re

import pytest

pytestmark = pytest.mark.browser

# CKAN's locale, the content language, the statistics page's heading, the
# status chart's title and the focal point's list of owed recommendations
LANGUAGES = [
    (
        "es",
        "es",
        "Las recomendaciones de un vistazo",
        "Estado de implementación",
        "Recomendaciones por informar en rondas abiertas",
    ),
    ("en", "en", "Recommendations at a glance", "Implementation status", "Recommendations to report on in open rounds"),
    (
        "fr",
        "fr",
        "Les recommandations en un coup d'œil",
        "État de mise en œuvre",
        "Recommandations à renseigner dans les cycles ouverts",
    ),
    ("ar", "ar", "التوصيات في لمحة", "حالة التنفيذ", "التوصيات المطلوب الإبلاغ عنها في الجولات المفتوحة"),
    ("zh_Hans_CN", "zh", "建议概览", "落实状况", "开放轮次中待报告的建议"),
    (
        "ru",
        "ru",
        "Рекомендации: общий обзор",
        "Статус выполнения",
        "Рекомендации, по которым нужно отчитаться в открытых циклах",
    ),
    (
        "pt_BR",
        "pt",
        "As recomendações em resumo",
        "Situação de implementação",
        "Recomendações sobre as quais informar nas rodadas abertas",
    ),
]

PUBLIC_PAGES = [
    ("/", "home"),
    ("/recommendation/?q=tortura", "search"),
    ("/recommendation/rec-demo-002", "recommendation"),
    ("/action/", "actions"),
    ("/mechanism/upr", "mechanism"),
    ("/organization/ministerio-salud", "institution"),
    ("/calendar", "calendar"),
    ("/indicators/razon-mortalidad-materna", "indicator"),
]

FOCAL_POINT_PAGES = [
    ("/action/new", "action-form"),
    ("/action/edit/action-demo-003", "action-edit-form"),
    ("/action/action-demo-003/resource/new", "evidence-form"),
]


def _switch_language(person, locale):
    """Choose the language in the footer's form, as a reader does."""
    value = person.page.locator(f"#field-lang-select option[lang='{locale.replace('_', '-')}']").get_attribute("value")
    person.page.select_option("#field-lang-select", value=value, force=True)
    person.page.locator("form.lang-select button[type=submit]").evaluate("button => button.form.submit()")


@pytest.mark.parametrize("locale,lang,heading,status,owed", LANGUAGES, ids=[row[0] for row in LANGUAGES])
def test_public_and_focal_point_pages_in_each_language(visitor, locale, lang, heading, status, owed):
    prefix = "" if locale == "en" else "/" + locale
    public = visitor(lang)
    public.goto("/statistics/")
    _switch_language(public, locale)
    public.page.wait_for_url(re.compile(rf"^[^?]*{prefix}/statistics/"))
    html = public.page.locator("html")
    assert html.get_attribute("lang") == locale.replace("_", "-")
    assert html.get_attribute("dir") == ("rtl" if lang == "ar" else None)
    assert public.page.locator("h1").first.inner_text() == heading
    assert status in public.page.locator("#chart-status-title").inner_text()
    public.screenshot("statistics")
    # no chart label runs out of its chart, and nothing scrolls sideways
    outside = public.page.evaluate(
        """() => [...document.querySelectorAll('.simore-bar-label')].filter(label => {
             const box = label.getBoundingClientRect(), chart = label.closest('svg').getBoundingClientRect();
             return box.left < chart.left - 1 || box.right > chart.right + 1; }).length"""
    )
    assert outside == 0
    assert public.page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert not public.axe("statistics")
    for path, label in PUBLIC_PAGES:
        public.check(prefix + path, label)

    focal = visitor(lang + "-focal-point")
    focal.login("punto-focal-mujer")
    focal.check(prefix + "/dashboard/institution/ministerio-mujer", "institution-dashboard")
    assert owed in focal.page.locator("main, [role=main]").first.inner_text()
    for path, label in FOCAL_POINT_PAGES:
        focal.check(prefix + path, label)
    # a multilingual field has an input for each of the portal's languages
    focal.goto(prefix + "/action/new")
    for code in ("es", "en", "fr"):
        assert focal.page.locator(f"[name='title_translated-{code}']").count() == 1
