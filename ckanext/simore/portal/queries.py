"""The public statistics and the two dashboards: counts from the database.

Public statistics come from the search backend's facets (``package_search``
with ``rows=0``) as an anonymous visitor sees them, so an unpublished record
can never change a public number. Dashboards count as their viewer sees
(the viewer's permission labels), and reporting compliance is one SQL
aggregate over the round's obligations. ``stats`` shapes the results.
"""
from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime
import json
from typing import Any, Callable, Iterable, Iterator

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.simore import languages, roles
from ckanext.simore.portal import counts_cache
from ckanext.simore.records import indexing
from ckanext.simore.records import loaders
from ckanext.simore.records import readable
from ckanext.simore.workflow import rounds
from ckanext.simore.portal import stats
from ckanext.simore.db import tables
from ckanext.simore.workflow import machine as workflow
from ckanext.simore.portal.stats import N_

# The charts of the statistics page: name, title, index field, how its
# codes are ordered ("count": largest first; else a fixed order), how many
# bars are drawn (the table and CSV have them all), chart kind.
CHARTS = [
    ("status", N_("Implementation status"), "implementation_status", "vocabulary", None, "bars"),
    ("mechanism", N_("Mechanism"), "mechanism", "count", None, "bars"),
    ("theme", N_("Themes"), "themes", "count", 12, "bars"),
    ("affected_persons", N_("Affected persons"), "affected_persons", "count", 12, "bars"),
    ("sdg", N_("Sustainable Development Goals"), "sdg_goals", "vocabulary", None, "bars"),
    ("institution", N_("Responsible institutions"), "institutions", "count", 12, "bars"),
    ("year", N_("Year"), "publication_year", "years", None, "columns"),
]
TIMELINE = ("timeline", N_("Progress over time"))
CHART_NAMES = [name for name, *_ in CHARTS] + [TIMELINE[0]]
_VOCABULARIES = {"implementation_status": "implementation_statuses", "themes": "themes",
                 "affected_persons": "affected_persons", "sdg_goals": "sdg_goals",
                 "upr_position": "upr_positions"}


def _today() -> datetime.date:
    return datetime.date.today()


def _package_search(context: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    """package_search; facet values stay codes (labelled where shown). The
    user's record is looked up once per request, not by every search's
    access check."""
    context = dict(context)
    if context.get("user") and not context.get("auth_user_obj"):
        context["auth_user_obj"] = roles.user_named(context["user"])
    return tk.get_action("package_search")(context, dict(params, ext_simore_codes="1"))


def _site_context() -> dict[str, Any]:
    """The site user's context (for counts that are not the viewer's),
    looked up once per request."""
    return dict(counts_cache.per_request(("site user context",), loaders.site_user_context))


def _types_in(fq: str) -> list[str]:
    """The dataset types a search filter is limited to (all if none)."""
    found = [kind for kind in ("recommendation", "action", "mechanism") if "dataset_type:" + kind in fq]
    return found or list(counts_cache.KINDS)


def _counts(context: dict[str, Any], fq: str, fields: list[str], **extra: Any) -> dict[str, Any]:
    """The number of datasets ``fq`` selects and their facet counts, as the
    context's user sees them; kept until a dataset of those types changes."""
    params = {"q": "", "fq": fq, "rows": 0, "facet.field": json.dumps(fields),
              "facet.limit": -1, "facet.mincount": 1, **extra}
    if not fields:
        params.pop("facet.field")

    def compute() -> dict[str, Any]:
        result = _package_search(context, params)
        return {"count": result["count"], "facets": result.get("facets") or {}}

    return counts_cache.cached("counts", [params, _labels_of(context)], compute, depends_on=_types_in(fq))


def _labels_of(context: dict[str, Any]) -> list[str]:
    """The permission labels a search in this context is filtered by
    (looked up once per request and user: permission_labels.user_labels)."""
    from ckan.lib.plugins import get_permission_labels

    if context.get("ignore_auth"):
        return ["*"]
    user = roles.user_named(context["user"]) if context.get("user") else None
    if user is not None and user.sysadmin:
        return ["*"]
    return sorted(get_permission_labels().get_user_dataset_labels(user))


def _anonymous() -> dict[str, Any]:
    return {"user": "", "auth_user_obj": None, "ignore_auth": False}


def _viewer(context: dict[str, Any]) -> dict[str, Any]:
    return {"user": context.get("user") or ""}


# -- labels ------------------------------------------------------------------


class Labels:
    """Display labels of coded values in the interface language; titles of
    mechanisms and institutions are looked up once per use."""

    def __init__(self) -> None:
        self._titles: dict[str, dict[str, str]] = {}
        self._choices: dict[str, dict[str, Any]] = {}

    @classmethod
    def current(cls) -> "Labels":
        """The labels of the request being answered (looked up once per
        request), or fresh ones outside a request."""
        from flask import g, has_app_context

        if not has_app_context():
            return cls()
        key = "simore_labels_" + (languages.preferred_languages() or [""])[0]
        if key not in g:
            setattr(g, key, cls())
        return getattr(g, key)

    def _all_titles(self, kind: str) -> dict[str, str]:
        if kind not in self._titles:
            stored = counts_cache.cached(
                "titles", kind, lambda: _stored_titles(kind),
                depends_on=["organization"] if kind == "institutions" else ["mechanism"])
            self._titles[kind] = {
                name: (languages.text(translated) if translated else "") or title or name
                for name, (title, translated) in stored.items()
            }
        return self._titles[kind]

    def institution(self, name: str) -> str:
        return self._all_titles("institutions").get(name) or languages.institution_title(name)

    def mechanism(self, name: str) -> str:
        return self._all_titles("mechanisms").get(name) or languages.dataset_title(name)

    def choice(self, field: str, code: str) -> str:
        if field not in self._choices:
            self._choices[field] = {
                f["field_name"]: {c["value"]: c["label"] for c in f.get("choices") or []}
                for f in indexing.schema_fields("recommendation")
            }.get(field, {})
        return languages.text(self._choices[field].get(code, code)) or code

    def vocabulary_label(self, name: str, code: str) -> str:
        from ckanext.simore.vocabularies import terms as vocabulary

        if not hasattr(self, "_order"):
            self._order = languages.label_order()
        term = vocabulary.get(name).by_code.get(code)
        return term.label_in(*self._order) if term else code

    def for_field(self, field: str) -> Callable[[str], str]:
        if field in _VOCABULARIES:
            return lambda code: self.vocabulary_label(_VOCABULARIES[field], code)
        if field in ("institutions", "lead_institution"):
            return self.institution
        if field == "mechanism":
            return self.mechanism
        if field == "upr_cycle":
            return lambda code: self.choice("upr_cycle", code)
        return lambda code: code


def _stored_titles(kind: str) -> dict[str, list[Any]]:
    """name -> (title, title_translated) of every active organization or
    mechanism (a mechanism's from the search index: the package table has
    no index on the dataset type)."""
    if kind == "institutions":
        records = model.Session.query(model.Group).filter(
            model.Group.is_organization.is_(True), model.Group.state == "active")
        return {record.name: [record.title, record.extras.get("title_translated")] for record in records}
    # public mechanisms only: a label shared by every reader (a private
    # mechanism's title reaches those who may read it through the fallback)
    found = _package_search(_anonymous(), {"q": "", "fq": "+dataset_type:mechanism", "rows": 1000})
    return {record["name"]: [record.get("title"), record.get("title_translated")]
            for record in found["results"]}


def _order(kind: str, field: str, counts: dict[str, int]) -> list[str] | None:
    if kind == "vocabulary":
        from ckanext.simore.vocabularies import terms as vocabulary

        return vocabulary.get(_VOCABULARIES[field]).codes()
    if kind == "years":
        return stats.year_range(counts)
    return None


# -- public statistics -------------------------------------------------------


def statistics(filters: stats.Filters, charts: Iterable[str] | None = None) -> dict[str, Any]:
    """Totals and charts of the public recommendations the filters select,
    as plain data.

    One search, as an anonymous visitor: published data only, whoever asks.
    """
    wanted = set(charts or CHART_NAMES)
    fields = [field for name, _, field, *_ in CHARTS if name in wanted]
    if TIMELINE[0] in wanted:
        fields.append(stats.FLOW_FIELD)
    result = _counts(_anonymous(), filters.fq(), fields)
    total, facets = result["count"], result["facets"]
    labels = Labels.current()
    shaped: dict[str, Any] = {"total": total, "filters": filters.args(), "charts": {}}
    for name, title, field, order, limit, kind in CHARTS:
        if name not in wanted:
            continue
        counts = facets.get(field) or {}
        shaped["charts"][name] = stats.chart(
            name, tk._(title), field, counts, total, labels.for_field(field),
            search=lambda code, field=field: filters.search_args(**{field: code}),
            order=_order(order, field, counts), limit=limit, kind=kind,
            keep_zero=order == "years" or field == "implementation_status",
        )
    if "year" in shaped["charts"]:
        shaped["year_columns"] = [dataclasses.asdict(column) for column in
                                  stats.simple_columns(shaped["charts"]["year"].items)]
    if TIMELINE[0] in wanted:
        periods = stats.timeline(facets.get(stats.FLOW_FIELD) or {}, _today().year)
        status_label = labels.for_field("implementation_status")
        shaped["timeline"] = [dataclasses.asdict(period) for period in periods]
        shaped["timeline_columns"] = [dataclasses.asdict(column) for column in stats.stacked_columns(
            periods, status_label, lambda year: filters.search_args())]
        shaped["statuses"] = [{"code": code, "label": status_label(code)} for code in stats.STATUSES]
    shaped["charts"] = {name: chart.to_dict() for name, chart in shaped["charts"].items()}
    status_counts = facets.get("implementation_status") or {}
    shaped["implemented"] = status_counts.get("implemented", 0)
    shaped["partially_implemented"] = status_counts.get("partially_implemented", 0)
    shaped["mechanism_count"] = len(facets.get("mechanism") or {})
    shaped["institution_count"] = len(facets.get("institutions") or {})
    return shaped


def filter_choices(filters: stats.Filters) -> dict[str, list[tuple[str, str]]]:
    """The values each filter of the statistics page offers: those public
    recommendations have (one search over the precomputed counts)."""
    fields = ["mechanism", "upr_cycle", "themes", "institutions", "publication_year"]
    facets = _counts(_anonymous(), "+dataset_type:recommendation", fields)["facets"]
    labels = Labels.current()
    choices = {}
    for field in fields:
        label = labels.for_field(field)
        pairs = [(code, label(code)) for code in facets.get(field) or {}]
        if field in ("publication_year", "upr_cycle"):
            pairs.sort()
        else:
            pairs.sort(key=lambda pair: pair[1].lower())
        choices[field] = pairs
    # a filter's current value stays selectable even if nothing has it
    for name, field in stats.Filters.FIELDS.items():
        value = getattr(filters, name)
        if value and value not in dict(choices[field]):
            choices[field].append((value, labels.for_field(field)(value)))
    return choices


def public_totals() -> dict[str, int]:
    """How many public recommendations, published actions and mechanisms
    there are (home page): one whole-partition count each."""
    return {plural: _counts(_anonymous(), "+dataset_type:" + dataset_type, [])["count"]
            for dataset_type, plural in (("recommendation", "recommendations"), ("action", "actions"),
                                         ("mechanism", "mechanisms"))}


# -- the status history in the search index -----------------------------------


# package id -> its status events, read for a batch being indexed
_prefetched_events: contextvars.ContextVar[dict[str, list[Any]] | None] = contextvars.ContextVar(
    "simore_prefetched_status_events", default=None)


def _status_events(condition: Any) -> list[Any]:
    event = tables.status_event.c
    return model.Session.execute(
        sa.select(event.package_id, event.created, event.from_status, event.to_status)
        .where(condition).order_by(event.created, event.id)
    ).all()


@contextlib.contextmanager
def status_events_prefetched(package_ids: list[str]) -> Iterator[None]:
    """Index many datasets with one query for their status histories
    (index_status_flow otherwise reads one history per dataset)."""
    events: dict[str, list[Any]] = {package_id: [] for package_id in package_ids}
    if package_ids:
        for row in _status_events(tables.status_event.c.package_id.in_(package_ids)):
            events[row.package_id].append(row)
    token = _prefetched_events.set(events)
    try:
        yield
    finally:
        _prefetched_events.reset(token)


def index_status_flow(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Add a recommendation's status flows (``stats.status_flows``) to its
    search document, so that progress over time is counted by facets."""
    if (pkg_dict.get("dataset_type") or pkg_dict.get("type")) != "recommendation" or not pkg_dict.get("id"):
        return pkg_dict
    prefetched = _prefetched_events.get()
    if prefetched is not None and pkg_dict["id"] in prefetched:
        events = prefetched[pkg_dict["id"]]
    else:
        events = _status_events(tables.status_event.c.package_id == pkg_dict["id"])
    validated = json.loads(pkg_dict.get("validated_data_dict") or "{}")
    issued = _year_of(pkg_dict.get("publication_year")) or _year_of(pkg_dict.get("metadata_created")) \
        or _today().year
    current = validated.get("implementation_status") or None
    modified = _year_of(pkg_dict.get("metadata_modified")) or _today().year
    pkg_dict[stats.FLOW_FIELD] = stats.status_flows(
        issued, [(row.created.year, row.from_status, row.to_status) for row in events],
        current, modified)
    return pkg_dict


def _year_of(value: Any) -> int | None:
    text = str(value or "")[:4]
    return int(text) if text.isdigit() else None


# -- reporting compliance ----------------------------------------------------


def _round_reports(round_id: str, organization_id: str | None = None) -> list[dict[str, Any]]:
    """Every report filed for the round (as the site sees them): who filed
    it, on which recommendations, how far it got."""
    fq = '+dataset_type:action +reporting_round:"{}"'.format(round_id)
    if organization_id:
        fq += ' +owner_org:"{}"'.format(organization_id)
    found, start = [], 0
    while True:
        result = _package_search(_site_context(), {
            "q": "", "fq": fq, "rows": 1000, "start": start, "include_private": True,
            "include_drafts": True, "fl": "owner_org,recommendations,workflow_state",
            "sort": "id asc",
        })
        found.extend(result["results"])
        start += 1000
        if start >= result["count"]:
            return found


def _progress_values(reports: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """(recommendation name, institution id, level) of each report, as
    arrays for SQL; levels as in ``rounds.report_progress``."""
    names, orgs, levels = [], [], []
    for report in reports:
        state = report.get("workflow_state")
        state = state[0] if isinstance(state, list) and state else state
        level = rounds._PROGRESS.get(state, 0)
        recommendations = report.get("recommendations") or []
        if isinstance(recommendations, str):
            recommendations = [recommendations]
        for name in recommendations:
            names.append(name)
            orgs.append(report.get("owner_org"))
            levels.append(level)
    return {"names": names, "orgs": orgs, "levels": levels}


_BEST = """
WITH progress AS (
  SELECT p.id AS recommendation_id, v.organization_id, max(v.level) AS level
  FROM unnest(CAST(:names AS text[]), CAST(:orgs AS text[]), CAST(:levels AS int[]))
       AS v(name, organization_id, level)
  JOIN package p ON p.name = v.name AND p.type = 'recommendation'
  GROUP BY 1, 2
)
"""


def round_compliance(round_row: Any, organization_id: str | None = None,
                     labels: Labels | None = None) -> list[dict[str, Any]]:
    """Per institution: owed, submitted, approved, published, no progress,
    outstanding, answered share and overdue; what ``rounds.compliance``
    computes, in one aggregate (kept until a dataset changes or an
    institution answers in the round)."""
    rows = counts_cache.cached(
        "compliance", [round_row.id, organization_id, _round_signature(round_row.id)],
        lambda: _compliance_counts(round_row.id, organization_id), depends_on=())
    labels = labels or Labels.current()
    overdue_round = round_row.state == "open" and round_row.due_date < _today()
    shaped = []
    for row in rows:
        row = dict(row)
        row["name"] = row["name"] or row["organization_id"]
        row["title"] = labels.institution(row["name"])
        shaped.append(stats.compliance_row(row, overdue_round))
    return stats.sort_compliance(shaped)


def _round_signature(round_id: str) -> list[Any]:
    """Changes with whatever a round's compliance depends on: the
    obligations and their "no progress" answers, the reports filed for it
    (how many, when one last changed); looked up once per request (a
    dashboard asks for each round's compliance and outstanding items)."""
    def items() -> list[Any]:
        row = model.Session.execute(sa.select(
            sa.func.count(tables.round_item.c.no_progress_at), sa.func.max(tables.round_item.c.no_progress_at),
            sa.func.count()).where(tables.round_item.c.round_id == round_id)).one()
        return [row[0], str(row[1]), row[2]]

    return [*counts_cache.per_request(("round items", round_id), items), *_reports_signature(round_id)]


def _reports_signature(round_id: str) -> list[Any]:
    """How many reports were filed for the round and when one last changed
    (those of every round at once, once per request)."""
    return counts_cache.per_request(("reports signatures",), _reports_signatures).get(round_id, [0, None])


def _reports_signatures() -> dict[str, list[Any]]:
    """Round id -> [reports filed for it, when one last changed], in any
    state, deleted ones aside (migration 006's index finds the reports)."""
    join, round_id = _extra_sql("reporting_round")
    rows = model.Session.execute(sa.text(
        f"SELECT {round_id} AS round_id, count(*) AS n, max(p.metadata_modified) AS latest "
        f"FROM package p {join} WHERE p.type = 'action' AND p.state IN ('active', 'draft') GROUP BY 1"))
    return {row.round_id: [row.n, row.latest.isoformat()] for row in rows if row.round_id}


def _compliance_counts(round_id: str, organization_id: str | None) -> list[dict[str, Any]]:
    values = _progress_values(_round_reports(round_id, organization_id))
    where = "i.round_id = :round_id" + (" AND i.organization_id = :org" if organization_id else "")
    rows = model.Session.execute(sa.text(_BEST + f"""
        SELECT i.organization_id, g.name, count(*) AS owed,
               count(i.no_progress_at) AS no_progress,
               count(*) FILTER (WHERE pr.level >= 1) AS submitted,
               count(*) FILTER (WHERE pr.level >= 2) AS approved,
               count(*) FILTER (WHERE pr.level >= 3) AS published,
               count(*) FILTER (WHERE i.no_progress_at IS NULL AND coalesce(pr.level, 0) = 0)
                 AS outstanding
        FROM simore_round_item i
        LEFT JOIN progress pr ON pr.recommendation_id = i.recommendation_id
                              AND pr.organization_id = i.organization_id
        LEFT JOIN "group" g ON g.id = i.organization_id
        WHERE {where}
        GROUP BY i.organization_id, g.name
    """), dict(values, round_id=round_id, org=organization_id)).mappings().all()
    return [dict(row) for row in rows]


def outstanding_items(round_row: Any, organization_id: str, limit: int = 20,
                      viewer: str | None = None) -> dict[str, Any]:
    """The recommendations an institution still owes in a round (neither
    reported nor answered "no progress"), first ``limit`` of them."""
    names = counts_cache.cached(
        "outstanding", [round_row.id, organization_id, limit, _round_signature(round_row.id)],
        lambda: _outstanding_names(round_row.id, organization_id, limit), depends_on=())
    return {"records": record_texts(names, viewer), "count": len(names)}


def _outstanding_names(round_id: str, organization_id: str, limit: int) -> list[str]:
    values = _progress_values(_round_reports(round_id, organization_id))
    query = _BEST + """
        SELECT {columns}
        FROM simore_round_item i
        JOIN package p ON p.id = i.recommendation_id
        LEFT JOIN progress pr ON pr.recommendation_id = i.recommendation_id
                              AND pr.organization_id = i.organization_id
        WHERE i.round_id = :round_id AND i.organization_id = :org
          AND i.no_progress_at IS NULL AND coalesce(pr.level, 0) = 0
        {tail}
    """
    params = dict(values, round_id=round_id, org=organization_id, limit=limit)
    return list(model.Session.execute(sa.text(query.format(
        columns="p.name", tail="ORDER BY p.name LIMIT :limit")), params).scalars().all())


def _extra_sql(key: str) -> tuple[str, str]:
    """(join, value): SQL reading the dataset field ``key`` of package ``p``
    (a literal key of the schema), wherever this CKAN keeps extras."""
    if tables.PACKAGE_EXTRAS_IN_JSONB:
        return "", f"p.extras->>'{key}'"
    return (f"LEFT JOIN package_extra e ON e.package_id = p.id AND e.key = '{key}' "
            "AND e.state = 'active'", "e.value")


# Package ``p`` has no institution: the predicates of migration 006's
# partial indexes (on the JSONB column; on package_extra, the datasets that
# have one), so that the planner uses them.
_WITHOUT_INSTITUTION = (
    "coalesce(p.extras->>'institutions', '') IN ('', '[]')" if tables.PACKAGE_EXTRAS_IN_JSONB else
    "NOT EXISTS (SELECT 1 FROM package_extra e WHERE e.package_id = p.id AND e.key = 'institutions' "
    "AND e.state = 'active' AND e.value NOT IN ('', '[]'))")


def record_texts(names: list[str], viewer: str | None = None) -> list[dict[str, Any]]:
    """Each named record with its multilingual text (a recommendation's
    ``text_translated``, else its title), in one query; with a ``viewer``,
    the text is None for a record the viewer may not read."""
    if not names:
        return []
    hidden = set(names) - set(readable.readable(names, viewer)) if viewer is not None else set()
    join, text = _extra_sql("text_translated")
    sql = (f"SELECT p.name, p.title, {text} AS text FROM package p {join} "
           "WHERE p.name = ANY(CAST(:names AS text[]))")
    found = {row.name: row for row in model.Session.execute(sa.text(sql), {"names": list(names)})}
    records = []
    for name in names:
        row = found.get(name)
        text: Any = None
        if row is not None and row.text:
            try:
                text = json.loads(row.text)
            except ValueError:
                text = row.text
        records.append({"name": name, "text": None if name in hidden else
                        text or (row.title if row is not None else name)})
    return records


def _round_summary(row: Any) -> dict[str, Any]:
    today = _today()
    return {"id": row.id, "title": row.title, "due_date": row.due_date.isoformat(),
            "days_left": stats.days_left(row.due_date, today),
            "overdue": row.state == "open" and row.due_date < today, "state": row.state}


# -- dashboards ----------------------------------------------------------------


def _facet_counts(context: dict[str, Any], fq: str, fields: list[str]) -> tuple[int, dict[str, dict[str, int]]]:
    result = _counts(context, fq, fields, include_private=True, include_drafts=True)
    return result["count"], result["facets"]


def _list(context: dict[str, Any], fq: str, rows: int = 10) -> dict[str, Any]:
    result = _package_search(context, {
        "q": "", "fq": fq, "rows": rows, "include_private": True, "include_drafts": True,
        "sort": "metadata_modified desc",
    })
    return {"count": result["count"], "results": result["results"]}


def _return_reasons(package_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The latest "return" of each report: why and when."""
    if not package_ids:
        return {}
    rows = model.Session.execute(
        sa.select(tables.workflow_event.c.package_id, tables.workflow_event.c.comment,
                  tables.workflow_event.c.created)
        .where(tables.workflow_event.c.package_id.in_(package_ids),
               tables.workflow_event.c.to_state == workflow.RETURNED)
        .order_by(tables.workflow_event.c.package_id, tables.workflow_event.c.created.desc())
        .distinct(tables.workflow_event.c.package_id)
    )
    return {row.package_id: {"comment": row.comment, "created": row.created.isoformat()} for row in rows}


def institution_dashboard(context: dict[str, Any], organization: model.Group) -> dict[str, Any]:
    """What an institution has to do and where it stands, as its focal
    points, validating authority and the coordinators see it."""
    viewer = _viewer(context)
    labels = Labels.current()
    quoted = '"{}"'.format(organization.name)
    assigned, assigned_facets = _facet_counts(
        viewer, "+dataset_type:recommendation +institutions:" + quoted,
        ["implementation_status", "mechanism"])
    status_counts = assigned_facets.get("implementation_status") or {}
    search = lambda field: (lambda code: {"institutions": organization.name, field: code})  # noqa: E731
    status_chart = stats.chart(
        "status", tk._("Implementation status"), "implementation_status", status_counts, assigned,
        labels.for_field("implementation_status"), search("implementation_status"),
        order=_order("vocabulary", "implementation_status", status_counts), keep_zero=True)
    mechanism_counts = assigned_facets.get("mechanism") or {}
    mechanism_chart = stats.chart(
        "mechanism", tk._("Mechanism"), "mechanism", mechanism_counts, assigned,
        labels.for_field("mechanism"), search("mechanism"), limit=10)

    reports_fq = '+dataset_type:action +owner_org:"{}"'.format(organization.id)
    report_total, report_facets = _facet_counts(viewer, reports_fq, ["workflow_state"])
    by_state = report_facets.get("workflow_state") or {}
    waiting = (workflow.DRAFT, workflow.RETURNED, workflow.WITHDRAWN, workflow.SUBMITTED, workflow.APPROVED)
    lists: dict[str, dict[str, Any]] = {state: {"count": by_state.get(state, 0), "results": []}
                                        for state in waiting}
    if any(by_state.get(state) for state in waiting):
        # the most recent unpublished reports, ten of each state at most
        recent = _list(viewer, reports_fq + " +workflow_state:({})".format(" OR ".join(waiting)), rows=50)
        for report in recent["results"]:
            group = lists.get(report.get("workflow_state") or workflow.DRAFT)
            if group is not None and len(group["results"]) < 10:
                group["results"].append(report)
    reasons = _return_reasons([r["id"] for key in (workflow.RETURNED, workflow.WITHDRAWN)
                               for r in lists[key]["results"]])
    for key in (workflow.RETURNED, workflow.WITHDRAWN):
        for report in lists[key]["results"]:
            report["simore_return"] = reasons.get(report["id"])

    owed = []
    for row in rounds.open_rounds():
        compliance = round_compliance(row, organization.id, labels)
        if not compliance:
            continue
        entry = dict(compliance[0], **_round_summary(row))  # the round's title and id win
        entry["items"] = outstanding_items(row, organization.id, viewer=context.get("user") or "") \
            if compliance[0]["outstanding"] else \
            {"records": [], "count": 0}
        owed.append(entry)
    return {
        "organization": {"id": organization.id, "name": organization.name,
                         "title": labels.institution(organization.name)},
        "assigned": assigned,
        "status_chart": status_chart.to_dict(),
        "mechanism_chart": mechanism_chart.to_dict(),
        "reports": {"total": report_total, "by_state": by_state,
                    "published": by_state.get(workflow.PUBLISHED, 0), **lists},
        "rounds": owed,
        "outstanding": sum(entry["outstanding"] for entry in owed),
        "viewer_roles": sorted(roles.institution_roles(context.get("user") or None, organization.id)),
        "next_due": min((entry["due_date"] for entry in owed if entry["outstanding"]), default=None),
    }


def recommendations_without_action(context: dict[str, Any], limit: int = 10, offset: int = 0) -> dict[str, Any]:
    """Recommendations no action report (in any state) refers to, as the
    coordinators see them (every recommendation and report): their number,
    and ``limit`` of them from ``offset``, oldest first."""
    found = counts_cache.cached("without_action", [limit, offset], lambda: _without_action(limit, offset),
                                depends_on=["action", "recommendation"])
    return {"count": found["count"], "records": record_texts(found["names"])}


def _without_action(limit: int, offset: int) -> dict[str, Any]:
    """One statement: the recommendations the reports refer to (the reports
    found by migration 006's index of the dataset types other than
    recommendations), how many of them are active, and a page of the
    others (walking its index of active recommendations by creation).
    Their number is every active recommendation (the search's kept count)
    less those referred to."""
    join, referred = _extra_sql("recommendations")
    row = model.Session.execute(sa.text(f"""
        WITH referenced AS MATERIALIZED (
          SELECT DISTINCT r.name FROM package p {join}
          CROSS JOIN LATERAL jsonb_array_elements_text(CAST({referred} AS jsonb)) AS r(name)
          WHERE p.type = 'action' AND p.state IN ('active', 'draft') AND r.name IS NOT NULL)
        SELECT (SELECT count(*) FROM package p JOIN referenced r ON r.name = p.name
                WHERE p.type = 'recommendation' AND p.state = 'active') AS with_action,
               array(SELECT p.name FROM package p
                     WHERE p.type = 'recommendation' AND p.state = 'active'
                       AND p.name NOT IN (SELECT name FROM referenced)
                     ORDER BY p.metadata_created, p.name LIMIT :limit OFFSET :offset) AS names
    """), {"limit": limit, "offset": offset}).one()
    recommendations = _counts(_site_context(), "+dataset_type:recommendation", [], include_private=True)["count"]
    return {"count": max(recommendations - row.with_action, 0), "names": list(row.names)}


def _with_institution_titles(found: dict[str, Any], labels: Labels) -> dict[str, Any]:
    for record in found["results"]:
        organization = (record.get("organization") or {}).get("name")
        record["simore_institution_title"] = labels.institution(organization) if organization else ""
    return found


def recommendations_without_institution(limit: int = 10) -> dict[str, Any]:
    """Active recommendations no institution is assigned to (as the
    coordinators see them: every one), the most recently changed first."""
    found = counts_cache.cached("without_institution", [limit], lambda: _without_institution(limit),
                                depends_on=["recommendation"])
    return {"count": found["count"], "records": record_texts(found["names"])}


def _without_institution(limit: int) -> dict[str, Any]:
    source = (f"FROM package p WHERE p.type = 'recommendation' AND p.state = 'active' "
              f"AND {_WITHOUT_INSTITUTION}")
    rows = model.Session.execute(sa.text(
        "SELECT p.name, count(*) OVER () AS total " + source
        + " ORDER BY p.metadata_modified DESC, p.name LIMIT :limit"), {"limit": max(limit, 1)}).all()
    return {"count": rows[0].total if rows else 0, "names": [row.name for row in rows][:limit]}


def coordinator_dashboard(context: dict[str, Any]) -> dict[str, Any]:
    """Reporting compliance per institution in every open round, overdue
    institutions, reports waiting for publication, recommendations without
    an institution or without any action."""
    viewer = _viewer(context)
    labels = Labels.current()
    open_rounds = []
    for row in rounds.open_rounds():
        compliance = round_compliance(row, labels=labels)
        owed = sum(entry["owed"] for entry in compliance)
        outstanding = sum(entry["outstanding"] for entry in compliance)
        chart = stats.compliance_chart(
            "round-" + row.id, tk._("Share of what each institution owes that it has answered"),
            compliance,
            description=lambda r: r["title"] + ": " + tk._("{answered} of {owed} answered ({percent})").format(
                answered=r["answered"], owed=r["owed"], percent="{}\u00a0%".format(r["answered_percent"])))
        open_rounds.append(dict(
            _round_summary(row), compliance=compliance, chart=chart.to_dict(),
            owed=owed, outstanding=outstanding,
            answered_percent=int(round(100 * (owed - outstanding) / owed)) if owed else 100,
            overdue_institutions=[entry for entry in compliance if entry["overdue"]],
        ))
    overdue = [dict(entry, round=r) for r in open_rounds for entry in r["overdue_institutions"]]
    return {
        "rounds": open_rounds,
        "overdue": overdue,
        "to_publish": _with_institution_titles(counts_cache.cached(
            "to_publish", [_labels_of(viewer)],
            lambda: _list(viewer, "+dataset_type:action +workflow_state:approved", rows=20),
            depends_on=["action", "organization"]), labels),
        "unassigned": recommendations_without_institution(),
        "without_action": recommendations_without_action(context),
    }


def institution_choices(user: str) -> list[dict[str, str]]:
    """The institutions whose dashboard the user may open."""
    labels = Labels.current()
    if roles.is_coordinator(user):
        coordinating = tk.config.get("ckanext.simore.coordinating_organization")
        records = model.Session.query(model.Group.name).filter(
            model.Group.is_organization.is_(True), model.Group.state == "active",
            model.Group.name != coordinating)
        names = [name for (name,) in records]
    else:
        ids = roles.institutions_of(user)
        names = [g.name for g in model.Session.query(model.Group).filter(model.Group.id.in_(ids))] if ids else []
    return sorted(({"name": n, "title": labels.institution(n)} for n in names),
                  key=lambda i: i["title"].lower())
