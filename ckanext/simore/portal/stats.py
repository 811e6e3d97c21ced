"""Statistics of the public portal and the dashboards: the shaping.

Pure logic: nothing here imports CKAN. The counts come from the database
(the search backend's facets through ``package_search``, or SQL aggregates,
see ``portal``); this module turns filters into search filters, counts
into chart series with their geometry, a status history into flows that the
search index can count, flows back into a time series, and series into CSV
rows. Templates draw the charts from what it returns; no markup is built
here.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

# The implementation statuses, in the order they are drawn (the
# ``implementation_statuses`` vocabulary's order), and the status a
# recommendation has before any change is recorded (the schema's default).
STATUSES = ("not_started", "in_progress", "partially_implemented", "implemented")
INITIAL_STATUS = "not_started"

# Index field holding a recommendation's status flows (see status_flows).
FLOW_FIELD = "status_flow"

# Codes that may appear in a filter: vocabulary codes, dataset and
# organization names. Anything else is ignored, never put into a query.
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}$")
YEAR_MIN, YEAR_MAX = 1945, 2100


# -- filters -----------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Filters:
    """What the statistics page is narrowed to; every chart uses all of it."""

    mechanism: str = ""
    upr_cycle: str = ""
    theme: str = ""
    institution: str = ""
    year_from: int | None = None
    year_to: int | None = None

    country: str = ""

    # filter name -> the recommendation's index field
    FIELDS = {
        "mechanism": "mechanism",
        "upr_cycle": "upr_cycle",
        "theme": "themes",
        "institution": "institutions",
        "country": "country",
    }

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> Filters:
        """Filters from a request's arguments; malformed values are dropped."""
        values: dict[str, Any] = {}
        for name in cls.FIELDS:
            value = str(args.get(name) or "").strip()
            if _CODE.match(value):
                values[name] = value
        years = [_year(args.get("year_from")), _year(args.get("year_to"))]
        if years[0] and years[1] and years[0] > years[1]:
            years.reverse()
        values["year_from"], values["year_to"] = years
        return cls(**values)

    def __bool__(self) -> bool:
        return any(self.args().values())

    def args(self) -> dict[str, str]:
        """The filters as URL arguments (empty ones left out)."""
        args = {name: getattr(self, name) for name in self.FIELDS if getattr(self, name)}
        for name in ("year_from", "year_to"):
            if getattr(self, name):
                args[name] = str(getattr(self, name))
        return args

    def period(self) -> str:
        """The publication-year range, as a Lucene range ("" if none)."""
        if not (self.year_from or self.year_to):
            return ""
        return "[{} TO {}]".format(self.year_from or "*", self.year_to or "*")

    def fq(self) -> str:
        """The search filter selecting the recommendations these filters
        describe (Solr/Lucene syntax, as CKAN's package_search takes it)."""
        clauses = ["+dataset_type:recommendation"]
        for name, field in self.FIELDS.items():
            value = getattr(self, name)
            if value:
                clauses.append('+{}:"{}"'.format(field, value))
        if self.period():
            clauses.append("+publication_year:" + self.period())
        return " ".join(clauses)

    def search_args(self, **extra: str) -> dict[str, str]:
        """Arguments of the recommendation search page showing the same
        recommendations (its facet parameters, and ``q`` for a period)."""
        args = {field: getattr(self, name) for name, field in self.FIELDS.items() if getattr(self, name)}
        if self.period():
            args["q"] = "publication_year:" + self.period()
        if "publication_year" in extra:
            args.pop("q", None)  # one year of the period
        args.update(extra)
        return args


def _year(value: Any) -> int | None:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return year if YEAR_MIN <= year <= YEAR_MAX else None


# -- charts ------------------------------------------------------------------


@dataclasses.dataclass
class Item:
    """One bar of a chart: a code, its label, its count, its share of the
    total, its length relative to the longest bar, and the search it
    summarises."""

    code: str
    label: str
    count: int
    share: float = 0.0  # 0..1 of the chart's total
    length: float = 0.0  # 0..100, percent of the longest bar
    search: dict[str, str] = dataclasses.field(default_factory=dict)
    text: str | None = None  # what the bar says, when not its count
    description: str | None = None  # its accessible name, when not label: text

    @property
    def percent(self) -> str:
        return "{:.0f}".format(self.share * 100) if self.share >= 0.005 or not self.count else "<1"

    def to_dict(self) -> dict[str, Any]:
        return dict(dataclasses.asdict(self), percent=self.percent)


@dataclasses.dataclass
class Chart:
    """A chart's data: ``items`` (all of them, for the table and the CSV)
    and ``shown`` (the ones drawn)."""

    name: str
    title: str
    field: str
    total: int
    items: list[Item]
    limit: int | None = None
    kind: str = "bars"  # "bars" (horizontal) or "columns" (vertical)

    @property
    def shown(self) -> list[Item]:
        return self.items[: self.limit] if self.limit else self.items

    @property
    def hidden_count(self) -> int:
        return max(0, len(self.items) - len(self.shown))

    @property
    def empty(self) -> bool:
        return not any(item.count for item in self.items)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (for the API and the templates): every item, and how
        many of them are drawn (``shown``) or only in the table
        (``hidden``)."""
        return {
            "name": self.name,
            "title": self.title,
            "field": self.field,
            "total": self.total,
            "kind": self.kind,
            "items": [item.to_dict() for item in self.items],
            "shown": len(self.shown),
            "hidden": self.hidden_count,
            "empty": self.empty,
        }


def chart(
    name: str,
    title: str,
    field: str,
    counts: Mapping[str, int],
    total: int,
    labeller: Callable[[str], str],
    search: Callable[[str], dict[str, str]],
    order: Sequence[str] | None = None,
    limit: int | None = None,
    kind: str = "bars",
    keep_zero: bool = False,
) -> Chart:
    """A chart of ``counts`` (code -> number of recommendations).

    ``order`` fixes the order of the codes (a vocabulary's order, years);
    without it the largest count comes first. ``total`` is the number of
    recommendations the shares are taken of (a recommendation may count
    under several codes, so shares need not add up to 1).
    """
    codes = [code for code in counts if counts[code] or keep_zero]
    if keep_zero and order is not None:
        codes += [code for code in order if code not in counts]
    labels = {code: labeller(code) for code in codes}
    if order is not None:
        rank = {code: index for index, code in enumerate(order)}
        codes.sort(key=lambda code: (rank.get(code, len(rank)), code))
    else:
        codes.sort(key=lambda code: (-counts[code], labels[code].lower()))
    largest = max((counts.get(code, 0) for code in codes), default=0)
    items = [
        Item(
            code=code,
            label=labels[code],
            count=counts.get(code, 0),
            share=(counts.get(code, 0) / total) if total else 0.0,
            length=(100.0 * counts.get(code, 0) / largest) if largest else 0.0,
            search=search(code),
        )
        for code in codes
    ]
    return Chart(name=name, title=title, field=field, total=total, items=items, limit=limit, kind=kind)


def year_range(years: Iterable[str], until: int | None = None) -> list[str]:
    """Every year from the first to the last (or ``until``), as strings."""
    numbers = sorted(int(y) for y in years if str(y).isdigit())
    if not numbers:
        return []
    return [str(y) for y in range(numbers[0], max(numbers[-1], until or numbers[-1]) + 1)]


def column_labels(count: int, room: int = 12) -> list[bool]:
    """Which of ``count`` columns get a visible axis label, so that at most
    ``room`` labels are written, evenly, the last one always."""
    if count <= room:
        return [True] * count
    step = -(-count // room)
    return [(count - 1 - index) % step == 0 for index in range(count)]


# -- progress over time ------------------------------------------------------


def status_flows(
    issued_year: int, events: Iterable[tuple[int, str | None, str]], current: str | None, current_year: int
) -> list[str]:
    """A recommendation's status history as index codes ``"<year>:+<status>"``
    and ``"<year>:-<status>"``: the status it entered or left in that year.

    Summed over many recommendations (facet counts), the flows of each year
    give how many recommendations entered and left each status; their
    running sum, year after year, is the number in each status at the end
    of each year. A recommendation counts from the year it was issued, in
    the status its first recorded change started from (``events``: year,
    from status, to status, oldest first); ends in its current status.
    """
    status_at_year_end: dict[int, str] = {}
    status = None
    for year, before, after in events:
        if status is None:
            status = before or INITIAL_STATUS
            status_at_year_end[issued_year] = status
        status = after
        status_at_year_end[max(year, issued_year)] = after
    if status is None:
        status_at_year_end[issued_year] = current or INITIAL_STATUS
    elif current and current != status:
        status_at_year_end[max(current_year, max(status_at_year_end))] = current
    flows, previous = [], None
    for year in sorted(status_at_year_end):
        status = status_at_year_end[year]
        if status != previous:
            if previous is not None:
                flows.append("{}:-{}".format(year, previous))
            flows.append("{}:+{}".format(year, status))
            previous = status
    return flows


@dataclasses.dataclass
class Period:
    year: str
    counts: dict[str, int]
    total: int


def timeline(flow_counts: Mapping[str, int], until: int, statuses: Sequence[str] = STATUSES) -> list[Period]:
    """Recommendations in each status at the end of each year, from the
    flows' facet counts (see status_flows), up to the year ``until``."""
    net: dict[int, dict[str, int]] = {}
    for value, count in flow_counts.items():
        year, _, signed = value.partition(":")
        if not year.isdigit() or signed[:1] not in "+-" or not signed[1:]:
            continue
        by_status = net.setdefault(int(year), {})
        by_status[signed[1:]] = by_status.get(signed[1:], 0) + (count if signed[0] == "+" else -count)
    if not net:
        return []
    known = list(statuses) + sorted({s for flows in net.values() for s in flows} - set(statuses))
    stock = dict.fromkeys(known, 0)
    periods = []
    for period in range(min(net), max(max(net), until) + 1):
        for status, change in net.get(period, {}).items():
            stock[status] += change
        counts = {status: max(0, stock[status]) for status in known}
        periods.append(Period(str(period), counts, sum(counts.values())))
    return periods


@dataclasses.dataclass
class Segment:
    status: str
    label: str
    count: int
    y: float  # percent of the plot height, from the top
    height: float  # percent of the plot height


@dataclasses.dataclass
class Column:
    label: str
    total: int
    x: float  # percent of the plot width
    width: float
    segments: list[Segment]
    labelled: bool
    search: dict[str, str]


def stacked_columns(
    periods: Sequence[Period],
    labeller: Callable[[str], str],
    search: Callable[[str], dict[str, str]],
    statuses: Sequence[str] = STATUSES,
) -> list[Column]:
    """The geometry of a stacked column chart of the periods, in percent of
    the plot area, so that it scales to any width."""
    return _column_chart(
        [
            (
                period.year,
                period.total,
                [(status, labeller(status), period.counts.get(status, 0)) for status in statuses],
                search(period.year),
            )
            for period in periods
        ]
    )


def simple_columns(items: Sequence[Item]) -> list[Column]:
    """The geometry of a one-series column chart (e.g. recommendations per
    year), in percent of the plot area."""
    return _column_chart(
        [(item.label, item.count, [(item.code, item.label, item.count)], item.search) for item in items]
    )


def _column_chart(columns: Sequence[tuple[str, int, Sequence[tuple[str, str, int]], dict[str, str]]]) -> list[Column]:
    """Columns given as (label, total, their parts bottom up as (code,
    label, count), search), placed in percent of the plot area: the
    tallest reaches the top, each takes 70 % of its slot."""
    if not columns:
        return []
    tallest = max(total for _, total, _, _ in columns) or 1
    slot = 100.0 / len(columns)
    shown = column_labels(len(columns))
    placed = []
    for index, (label, total, parts, search) in enumerate(columns):
        bottom, segments = 100.0, []
        for code, part_label, count in parts:
            height = 100.0 * count / tallest
            bottom -= height
            segments.append(Segment(code, part_label, count, round(bottom, 3), round(height, 3)))
        placed.append(
            Column(
                label, total, round(index * slot + slot * 0.15, 3), round(slot * 0.7, 3), segments, shown[index], search
            )
        )
    return placed


# -- reporting compliance ----------------------------------------------------


COMPLIANCE_COUNTS = ("owed", "submitted", "approved", "published", "no_progress", "outstanding")


def compliance_row(row: Mapping[str, Any], overdue_round: bool) -> dict[str, Any]:
    """An institution's line in a round: its counts, how much of what it
    owes is answered (an action submitted, or "no progress" declared), and
    whether it is overdue."""
    shaped: dict[str, Any] = {key: int(row.get(key) or 0) for key in COMPLIANCE_COUNTS}
    shaped.update({key: row[key] for key in row if key not in shaped})
    answered = shaped["owed"] - shaped["outstanding"]
    shaped["answered"] = answered
    shaped["answered_share"] = (answered / shaped["owed"]) if shaped["owed"] else 1.0
    shaped["answered_percent"] = int(round(100 * shaped["answered_share"]))
    shaped["overdue"] = overdue_round and shaped["outstanding"] > 0
    return shaped


def compliance_chart(
    name: str, title: str, rows: Sequence[Mapping[str, Any]], description: Callable[[Mapping[str, Any]], str]
) -> Chart:
    """The share of what each institution owes that it has answered, least
    answered first: one bar per institution (its code the institution's
    name)."""
    ordered = sorted(rows, key=lambda r: (r["answered_share"], -r["outstanding"], r.get("title") or ""))
    items = [
        Item(
            code=row["name"],
            label=row.get("title") or row["name"],
            count=row["answered"],
            share=row["answered_share"],
            length=100.0 * row["answered_share"],
            text="{} / {}".format(row["answered"], row["owed"]),
            description=description(row),
        )
        for row in ordered
    ]
    return Chart(name=name, title=title, field="institutions", total=sum(r["owed"] for r in rows), items=items)


def sort_compliance(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Most outstanding first, then by title (as ``rounds.compliance``)."""
    return sorted(rows, key=lambda r: (-r["outstanding"], r.get("title") or ""))


def days_left(due: Any, today: Any) -> int:
    return (due - today).days


# -- countries compared ------------------------------------------------------


@dataclasses.dataclass
class CountryRow:
    """One country of a comparison: how many recommendations it received
    (of those the filters select) and how many are in each status."""

    code: str
    label: str
    total: int
    statuses: dict[str, int]
    portal: str = ""  # the national portal, the source of truth

    @property
    def implemented_share(self) -> float:
        return self.statuses.get("implemented", 0) / self.total if self.total else 0.0

    @property
    def progressed_share(self) -> float:
        """Implemented or partially implemented."""
        done = self.statuses.get("implemented", 0) + self.statuses.get("partially_implemented", 0)
        return done / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return dict(
            dataclasses.asdict(self),
            implemented_percent=round(100 * self.implemented_share, 1),
            progressed_percent=round(100 * self.progressed_share, 1),
        )


def compare_countries(
    totals: Mapping[str, int],
    by_status: Mapping[str, Mapping[str, int]],
    label: Callable[[str], str],
    portals: Mapping[str, str],
    statuses: Sequence[str] = STATUSES,
) -> list[CountryRow]:
    """A row per country (those with recommendations), the most
    recommendations first; ``by_status`` maps a status to each country's
    count in it."""
    rows = [
        CountryRow(
            code=code,
            label=label(code),
            total=total,
            statuses={status: (by_status.get(status) or {}).get(code, 0) for status in statuses},
            portal=portals.get(code, ""),
        )
        for code, total in totals.items()
        if total
    ]
    return sorted(rows, key=lambda row: (-row.total, row.label.lower()))


def comparison_rows(rows: Iterable[Mapping[str, Any]], statuses: Sequence[str] = STATUSES) -> list[list[Any]]:
    """The comparison as CSV rows, header first, from its rows as the API
    gives them (``CountryRow.to_dict``)."""
    header = ["country", "label", "total", *statuses, "implemented_percent", "progressed_percent", "portal"]
    return [header] + [
        [
            row["code"],
            row["label"],
            row["total"],
            *(row["statuses"].get(status, 0) for status in statuses),
            row["implemented_percent"],
            row["progressed_percent"],
            row["portal"],
        ]
        for row in rows
    ]


def parse_portals(entries: Iterable[str]) -> dict[str, str]:
    """``PRY=https://…`` entries (ckanext.simore.network_portals) as
    {country: address}; ValueError naming a malformed one."""
    portals = {}
    for entry in entries:
        code, _, address = entry.partition("=")
        code = code.strip().upper()
        if not re.match(r"^[A-Z]{3}$", code) or not re.match(r"^https?://\S+$", address.strip()):
            raise ValueError(
                "expected COUNTRY=https://portal, e.g. PRY=https://simore.example.gov.py: {!r}".format(entry)
            )
        portals[code] = address.strip().rstrip("/")
    return portals


# -- CSV ---------------------------------------------------------------------


def chart_rows(chart_data: Chart) -> list[list[Any]]:
    """A chart's data as CSV rows, header first: code, label, count, share
    of the total in percent."""
    rows: list[list[Any]] = [["code", "label", "count", "percent"]]
    for item in chart_data.items:
        rows.append([item.code, item.label, item.count, round(100 * item.share, 1)])
    return rows


def timeline_rows(periods: Sequence[Period], statuses: Sequence[str] = STATUSES) -> list[list[Any]]:
    rows: list[list[Any]] = [["year", *statuses, "total"]]
    for period in periods:
        rows.append([period.year, *(period.counts.get(s, 0) for s in statuses), period.total])
    return rows


def compliance_rows(rows: Iterable[Mapping[str, Any]]) -> list[list[Any]]:
    header = ["institution", "title", *COMPLIANCE_COUNTS, "answered_percent", "overdue"]
    return [header] + [
        [
            row["name"],
            row["title"],
            *(row[key] for key in COMPLIANCE_COUNTS),
            row["answered_percent"],
            "yes" if row["overdue"] else "no",
        ]
        for row in rows
    ]
