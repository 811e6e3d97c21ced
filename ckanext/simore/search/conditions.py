"""Query model → SQL conditions (and relevance scores) over the index
tables, following CKAN's Solr schema for every field.

Pure: imports nothing from CKAN. Alias ``d`` is ``simore_search_doc``, ``s``
is ``simore_search_stored``; values are ``:pN`` bind parameters.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math
from collections.abc import Iterable
from typing import Any

from ckanext.simore.search import accents, datemath, documents, lucene
from ckanext.simore.search import fields as schema
from ckanext.simore.search.fields import Kind
from ckanext.simore.search.ideographs import spaced
from ckanext.simore.search.lucene import MUST, MUST_NOT, SHOULD, QuerySyntaxError, UnsupportedQueryError

# Columns of simore_search_doc that hold a field's (single) value.
COLUMNS = {
    "name": "d.name",
    "title_string": "d.title_string",
    "metadata_created": "d.metadata_created",
    "metadata_modified": "d.metadata_modified",
    "index_id": "d.index_id",
    "id": "d.id",
    "site_id": "d.site_id",
    "dataset_type": "d.dataset_type",
    "state": "d.state",
    "capacity": "d.capacity",
}
NGRAM_COLUMNS = {"title_ngram": "d.title", "name_ngram": "d.name"}
TEXT_RANK_SCALE = 10  # ts_rank is ~0.06 for one hit; an exact match scores 1
# ``text`` matches on the catch-all vector and ranks on the record's own
# words (rank_tsv: the catch-all without the vocabulary labels, small enough
# to stay in the row); rows indexed before migration 016 have none yet.
TEXT_RANKING_VECTOR = "coalesce(d.rank_tsv, d.tsv)"


class Params:
    """Bind parameters of one statement."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def __call__(self, value: Any) -> str:
        name = f"p{len(self.values)}"
        self.values[name] = value
        return ":" + name


@dataclasses.dataclass
class Sql:
    cond: str
    score: str | None = None  # None: a constant score
    # a condition that is one text match: (vector column, tsquery SQL), so
    # that neighbours combine into one tsquery (one index scan, no rechecks)
    tsq: tuple[str, str] | None = None


MAX_MM_COMBINATIONS = 64  # "at least k of n" as one tsquery up to this size


class ConditionCompiler:
    """Query model → SQL condition (and score) over ``d``."""

    def __init__(self, params: Params, languages: Iterable[str], now: dt.datetime | None = None):
        self.p = params
        self.languages = list(languages)
        self.now = now

    def compile(self, query: lucene.Query) -> Sql | None:
        """None: the query is empty (analysed to nothing) and matches nothing
        on its own; inside a boolean query the clause is dropped."""
        method = getattr(self, "_" + type(query).__name__.lower())
        compiled = method(query)
        if compiled is not None and query.boost != 1.0 and compiled.score is not None:
            compiled.score = f"({compiled.score}) * {float(query.boost)!r}"
        return compiled

    # exact (string) values: in the terms array, or in a column of their own

    def _exact(self, target: str, values: list[str], every: bool) -> str:
        """Documents having every (or any) of the values of one target: a
        field name kept in ``terms``, or a field with its own column."""
        if target in documents.COLUMN_FIELDS:
            column = "d." + documents.COLUMN_FIELDS[target]
            if column == "d.labels":
                array = ", ".join(self.p(value) for value in values)
                return f"d.labels {'@>' if every else '&&'} ARRAY[{array}]::text[]"
            if len(values) == 1:
                return f"{column} = {self.p(values[0])}"
            if every:
                return " AND ".join(f"{column} = {self.p(value)}" for value in values)
            return f"{column} = ANY(ARRAY[{', '.join(self.p(value) for value in values)}]::text[])"
        tokens = [documents.term_token(target, value) for value in values]
        if len(tokens) == 1:
            return f"d.terms @> ARRAY[{self.p(tokens[0])}]"
        return f"d.terms {'@>' if every else '&&'} ARRAY[{', '.join(self.p(t) for t in tokens)}]::text[]"

    def _exact_groups(self, queries: list[lucene.Query], every: bool) -> list[str]:
        """Exact terms of any fields: one array test for all the fields in
        ``terms``, one test per field with a column."""
        tokens: list[str] = []
        by_column: dict[str, list[str]] = {}
        for query in queries:
            assert isinstance(query, lucene.Term)
            if query.field in documents.COLUMN_FIELDS:
                by_column.setdefault(query.field, []).append(query.value)
            else:
                tokens.append(documents.term_token(query.field, query.value))
        conditions = []
        if len(tokens) == 1:
            conditions.append(f"d.terms @> ARRAY[{self.p(tokens[0])}]")
        elif tokens:
            array = ", ".join(self.p(token) for token in tokens)
            conditions.append(f"d.terms {'@>' if every else '&&'} ARRAY[{array}]::text[]")
        conditions.extend(self._exact(name, values, every) for name, values in by_column.items())
        return conditions

    @staticmethod
    def _is_exact(query: lucene.Query) -> bool:
        """An unboosted term on a string field (merged with its neighbours)."""
        return isinstance(query, lucene.Term) and query.boost == 1.0 and schema.field(query.field).kind is Kind.STRING

    # leaves

    def _matchall(self, query: lucene.MatchAll) -> Sql:
        return Sql("TRUE", None)

    def _term(self, query: lucene.Term) -> Sql | None:
        spec = schema.field(query.field)
        value = query.value
        if spec.kind is Kind.STRING:
            cond = self._exact(query.field, [value], every=True)
            return Sql(cond, f"({cond})::int")
        if spec.is_text:
            if not lucene.has_token(value):
                return None
            column, tsquery = self._tsquery(query.field, value, "phrase")
            return Sql(f"{column} @@ {tsquery}", self._rank(column, tsquery), (column, tsquery))
        if spec.kind is Kind.NGRAM:
            return self._ngram(query.field, [value])
        if spec.kind is Kind.DATE:
            column = self._date_column(query.field)
            cond = f"{column} = {self.p(self._date(value))}"
            return Sql(cond, f"({cond})::int")
        if spec.kind is Kind.INT:
            cond = f"(d.vals->>{self.p(query.field)})::numeric = {self.p(self._number(value))}"
            return Sql(cond, f"({cond})::int")
        raise QuerySyntaxError(f"Field {query.field} is not indexed and cannot be searched")

    def _wildcard(self, query: lucene.Wildcard) -> Sql | None:
        spec = schema.field(query.field)
        parts = _wildcard_parts(query.pattern)
        like = "".join({"*": "%", "?": "_"}[part[1]] if part[0] == "wild" else _like_escape(part[1]) for part in parts)
        if spec.kind is Kind.STRING:
            column = documents.COLUMN_FIELDS.get(query.field)
            if column == "labels":
                cond = f"EXISTS (SELECT 1 FROM unnest(d.labels) AS l WHERE l LIKE {self.p(like)})"
            elif column:
                cond = f"d.{column} LIKE {self.p(like)}"
            elif query.field in documents.VALUE_COLUMNS and _is_prefix(parts):
                # a newline starts each value: the same matches, through the trigram index
                prefix = "".join(_like_escape(documents.escape_value(part[1])) for part in parts[:-1])
                values, pattern = "d." + documents.VALUE_COLUMNS[query.field], "%\n" + prefix + "%"
                cond = f"({values} IS NOT NULL AND {values} LIKE {self.p(pattern)})"
            else:
                presence = documents.presence_token(query.field)
                cond = (
                    f"(d.terms @> ARRAY[{self.p(presence)}] AND EXISTS (SELECT 1 FROM unnest(d.terms) AS t "
                    f"WHERE t LIKE {self.p(_like_escape(query.field + '=') + like)}))"
                )
            return Sql(cond, f"({cond})::int")
        if spec.is_text:
            literal = "".join(part[1] for part in parts[:-1])
            if parts[-1] != ("wild", "*") or any(part[0] == "wild" for part in parts[:-1]):
                raise UnsupportedQueryError(
                    f"Only trailing * wildcards are supported on text fields ({query.field}:{query.pattern})"
                )
            if not lucene.has_token(literal):
                return None
            column, tsquery = self._tsquery(query.field, literal, "prefix")
            return Sql(f"{column} @@ {tsquery}", self._rank(column, tsquery), (column, tsquery))
        raise QuerySyntaxError(f"Wildcards are not supported on {spec.kind.value} field {query.field}")

    def _exists(self, query: lucene.Exists) -> Sql:
        column = documents.COLUMN_FIELDS.get(query.field)
        if query.field in NGRAM_COLUMNS:
            cond = f"{NGRAM_COLUMNS[query.field]} IS NOT NULL"
        elif column == "labels":
            cond = "cardinality(d.labels) > 0"
        elif column:
            cond = f"coalesce(d.{column}, '') <> ''"
        else:
            cond = f"d.terms @> ARRAY[{self.p(documents.presence_token(query.field))}]"
        return Sql(cond, None)

    def _range(self, query: lucene.Range) -> Sql:
        if query.low is None and query.high is None:
            return self._exists(lucene.Exists(query.field))
        spec = schema.field(query.field)
        low_op = ">=" if query.include_low else ">"
        high_op = "<=" if query.include_high else "<"

        def bounded(value_sql: str, convert) -> str:
            bounds = []
            if query.low is not None:
                bounds.append(f"{value_sql} {low_op} {self.p(convert(query.low))}")
            if query.high is not None:
                bounds.append(f"{value_sql} {high_op} {self.p(convert(query.high))}")
            return " AND ".join(bounds)

        if spec.kind is Kind.DATE:
            return Sql(bounded(self._date_column(query.field), self._date), None)
        if spec.kind is Kind.INT:
            return Sql(bounded(f"(d.vals->>{self.p(query.field)})::numeric", self._number), None)
        if spec.kind is Kind.STRING:
            column = documents.COLUMN_FIELDS.get(query.field)
            if column and column != "labels":
                return Sql(bounded(f'd.{column} COLLATE "C"', str), None)
            source, prefix = ("d.labels", "") if column else ("d.terms", query.field + "=")
            value = f"substr(t, {len(prefix) + 1})" if prefix else "t"
            condition = bounded(f'{value} COLLATE "C"', str)
            if prefix:
                condition = f"starts_with(t, {self.p(prefix)}) AND {condition}"
            return Sql(f"EXISTS (SELECT 1 FROM unnest({source}) AS t WHERE {condition})", None)
        raise UnsupportedQueryError(f"Ranges are not supported on {spec.kind.value} field {query.field}")

    def _dismax(self, query: lucene.DisMax) -> Sql | None:
        per_field = []
        for name, _ in query.fields:
            compiled = self.compile(lucene.Term(name, query.value, query.phrase))
            if compiled is not None:
                per_field.append((name, compiled))
        if not per_field:
            return None
        if self._covered_by_text(query.fields):  # text alone decides
            text = dict(per_field)["text"]
            return Sql(text.cond, self._dismax_score([query]), text.tsq)
        cond = " OR ".join(f"({sql.cond})" for _, sql in per_field)
        return Sql(cond, self._dismax_score([query]))

    @staticmethod
    def _covered_by_text(fields: list[tuple[str, float]]) -> bool:
        """Whether every qf field is copied into ``text`` (and text is one)."""
        names = [name for name, _ in fields]
        return "text" in names and all(
            name == "text" or "text" in schema.copy_targets(name) or schema.field(name).language for name in names
        )

    def _dismax_score(self, queries: list[lucene.DisMax]) -> str | None:
        """Solr's dismax score, max + tie * (sum - max) over the qf fields,
        with every field scored once for all the user's terms (one ts_rank
        per text vector and row)."""
        fields, tie = queries[0].fields, queries[0].tie
        values = [query.value for query in queries if lucene.has_token(query.value)]
        if self._covered_by_text(fields):
            if not values:
                return None
            # the qf boosts as the weights of the copies into text (A-D)
            boosts = {letter: dict(fields)["text"] for letter in "ABCD"}
            for name, boost in fields:
                letter = schema.text_weight(name) if name != "text" else schema.WEIGHT_OF_REST
                boosts[letter] = max(boosts[letter], boost)
            top = max(boosts.values())
            weights = "{" + ",".join(f"{boosts[letter] / top:.4g}" for letter in "DCBA") + "}"
            tsquery = " || ".join(f"({self._tsquery('text', value, 'phrase')[1]})" for value in values)
            return (
                f"ts_rank(CAST({self.p(weights)} AS float4[]), {TEXT_RANKING_VECTOR}, ({tsquery}), 1)"
                f" * {TEXT_RANK_SCALE * top}"
            )
        scores = []
        for name, boost in fields:
            spec = schema.field(name)
            if spec.is_text and values:
                parts = [self._tsquery(name, value, "phrase") for value in values]
                column = parts[0][0]
                tsquery = " || ".join(sql for _, sql in parts)
                scores.append(f"{self._rank(column, f'({tsquery})')} * {boost!r}")
            elif spec.kind is Kind.STRING:
                scores.append(f"({self._exact(name, [q.value for q in queries], every=False)})::int * {boost!r}")
            elif spec.kind is Kind.NGRAM:
                scores.append(f"({self._ngram(name, [q.value for q in queries]).cond})::int * {boost!r}")
        if not scores:
            return None
        if len(scores) == 1:
            return scores[0]
        rows = ", ".join(f"({score})" for score in scores)
        return f"(SELECT max(v) * {1 - tie!r} + sum(v) * {tie!r} FROM (VALUES {rows}) AS dismax(v))"

    # booleans

    def _bool(self, query: lucene.Bool) -> Sql | None:
        compiled = [(occur, self.compile(sub), sub) for occur, sub in query.clauses]
        compiled = [(occur, sql, sub) for occur, sql, sub in compiled if sql is not None]
        must = [(sql, sub) for occur, sql, sub in compiled if occur == MUST]
        should = [(sql, sub) for occur, sql, sub in compiled if occur == SHOULD]
        must_not = [(sql, sub) for occur, sql, sub in compiled if occur == MUST_NOT]
        if not compiled:
            return None

        parts = self._exact_groups([sub for _, sub in must if self._is_exact(sub)], every=True)
        text_parts: list[tuple[str, str]] = []  # text matches: (column, tsquery)
        by_column: dict[str, list[str]] = {}
        for sql, sub in must:
            if self._is_exact(sub):
                continue
            if sql.tsq:
                by_column.setdefault(sql.tsq[0], []).append(sql.tsq[1])
            else:
                parts.append(sql.cond)
        for column, queries in by_column.items():
            text_parts.append((column, " && ".join(f"({q})" for q in queries)))

        needed = query.min_should if must else max(1, query.min_should)
        if should and needed:
            conds = [sql.cond for sql, _ in should]
            tsqs = [sql.tsq for sql, _ in should]
            same_column = all(tsqs) and len({column for column, _ in tsqs}) == 1
            if needed == 1 and all(self._is_exact(sub) for _, sub in should):
                parts.append(
                    " OR ".join(f"({cond})" for cond in self._exact_groups([sub for _, sub in should], every=False))
                )
            elif same_column and math.comb(len(tsqs), min(needed, len(tsqs))) <= MAX_MM_COMBINATIONS:
                # "at least k of n" as one tsquery: the OR of every k-subset's AND
                groups = itertools.combinations([q for _, q in tsqs], min(needed, len(tsqs)))
                merged = " || ".join("(" + " && ".join(f"({q})" for q in group) + ")" for group in groups)
                text_parts.append((tsqs[0][0], merged))
            elif needed == 1:
                parts.append(" OR ".join(f"({cond})" for cond in conds))
            elif needed >= len(conds):
                parts.extend(conds)
            else:
                any_of = " OR ".join(f"({cond})" for cond in conds)
                count = " + ".join(f"({cond})::int" for cond in conds)
                parts.append(f"({any_of}) AND ({count}) >= {needed}")
        if must_not:
            tsqs = [sql.tsq for sql, _ in must_not]
            if all(self._is_exact(sub) for _, sub in must_not):
                excluded = self._exact_groups([sub for _, sub in must_not], every=False)
            elif all(tsqs) and len({column for column, _ in tsqs}) == 1:
                excluded = [f"{tsqs[0][0]} @@ (" + " || ".join(f"({q})" for _, q in tsqs) + ")"]
            else:
                excluded = [sql.cond for sql, _ in must_not]
            # coalesce: a missing value (NULL) is not excluded
            parts.append("NOT coalesce(" + " OR ".join(f"({cond})" for cond in excluded) + ", false)")

        merged_text = {}
        for column, tsquery in text_parts:
            merged_text[column] = f"({merged_text[column]}) && ({tsquery})" if column in merged_text else tsquery
        tsq = None
        if len(merged_text) == 1 and not parts:
            tsq = next(iter(merged_text.items()))
        parts = [f"{column} @@ ({tsquery})" for column, tsquery in merged_text.items()] + parts
        cond = " AND ".join(f"({part})" for part in parts) or "TRUE"
        scored = [sub for _, sub in must + should]
        if (
            scored
            and all(isinstance(sub, lucene.DisMax) and sub.boost == 1.0 for sub in scored)
            and len({(tuple(sub.fields), sub.tie) for sub in scored}) == 1
        ):
            return Sql(cond, self._dismax_score(scored), tsq)
        scores = [sql.score for sql, _ in must + should if sql.score is not None]
        score = " + ".join(f"({s})" for s in scores) if scores else None
        return Sql(cond, score, tsq)

    # helpers

    def _tsquery(self, field_name: str, value: str, mode: str) -> tuple[str, str]:
        """The text vector column a field is searched in, and the tsquery."""
        forms = documents.text_forms(field_name, self.languages)
        prefix = "" if field_name == "text" else field_name + ":"
        if field_name == "text":
            column = "d.tsv"
        elif schema.field(field_name).language:
            column = "d.ltsv"
        else:
            column = "d.ftsv"

        def query(text: str) -> str:
            return f"simore_search_query({self.p(prefix)}, CAST({self.p(forms)} AS text[]), {self.p(spaced(text))}, {self.p(mode)})"

        written = accents.restored(value, self._languages_of(field_name)) if mode != "prefix" else value
        # a word typed without the accent its stemmer needs: also as written
        tsquery = query(value) if written == value else f"({query(value)} || {query(written)})"
        return column, tsquery

    def _languages_of(self, field_name: str) -> list[str]:
        """The languages a text field is analysed in: its own, or every
        portal language for the catch-all ``text``."""
        language = schema.field(field_name).language
        if language:
            return [language]
        return list(self.languages) if field_name == "text" else []

    @staticmethod
    def _rank(column: str, tsquery: str) -> str:
        # normalisation 1: divided by 1 + log(length), shorter texts first as in BM25
        ranked = TEXT_RANKING_VECTOR if column == "d.tsv" else column
        return f"ts_rank({ranked}, {tsquery}, 1) * {TEXT_RANK_SCALE}"

    def _ngram(self, field_name: str, values: list[str]) -> Sql:
        column = NGRAM_COLUMNS[field_name]
        alternatives = []
        for value in values:
            tokens = value.lower().split()
            if not tokens or any(not 2 <= len(token) <= 10 for token in tokens):
                continue
            conds = [f"lower({column}) LIKE {self.p('%' + _like_escape(token) + '%')}" for token in tokens]
            if len(tokens) > 1:
                conds.append(f"lower({column}) LIKE {self.p('%' + _like_escape(' '.join(tokens)) + '%')}")
            alternatives.append(" AND ".join(conds))
        cond = " OR ".join(f"({alternative})" for alternative in alternatives) if alternatives else "FALSE"
        if len(alternatives) == 1:
            cond = alternatives[0]
        return Sql(cond, f"({cond})::int")

    def _date_column(self, field_name: str) -> str:
        if field_name in COLUMNS:
            return COLUMNS[field_name]
        return f"(d.vals->>{self.p(field_name)})::timestamptz"

    def _date(self, value: str) -> dt.datetime:
        try:
            return datemath.parse_date(value, self.now)
        except datemath.DateMathError as error:
            raise QuerySyntaxError(str(error)) from None

    @staticmethod
    def _number(value: str) -> float | int:
        try:
            return int(value)
        except ValueError:
            try:
                return float(value)
            except ValueError:
                raise QuerySyntaxError(f"Invalid number: {value!r}") from None

    def sort_expression(self, name: str) -> tuple[str, str, bool]:
        """SQL for sorting on a field, its NULLS placement, and whether it
        reads the stored document."""
        spec = schema.field(name)
        if spec.kind is Kind.DATE:
            return self._date_column(name), "", False
        if spec.kind is Kind.INT:
            return f"(d.vals->>{self.p(name)})::numeric", "", False
        if spec.kind is Kind.STRING and not spec.multivalued:
            if name in COLUMNS:
                return f'{COLUMNS[name]} COLLATE "C"', "NULLS LAST", False
            presence = self.p(documents.presence_token(name))
            # skipped at once when no document has the field (CKAN's home
            # page sorts on view_recent, which few portals index)
            if name in schema.NOT_PRECOUNTED:
                value, stored = f"(s.doc->>{self.p(name)})", True
            else:
                prefix = self.p(name + "=")
                value = (
                    f"(SELECT substr(t, length({prefix}) + 1) FROM unnest(d.facets) AS t "
                    f"WHERE starts_with(t, {prefix}) LIMIT 1)"
                )
                stored = False
            expression = (
                f"(CASE WHEN EXISTS (SELECT 1 FROM simore_search_doc WHERE terms @> ARRAY[{presence}]) "
                f'THEN {value} END) COLLATE "C"'
            )
            return expression, "NULLS LAST", stored
        raise QuerySyntaxError(f"can not sort on a {spec.kind.value} or multivalued field: {name}")


def _wildcard_parts(pattern: str) -> list[tuple[str, str]]:
    parts: list[tuple[str, str]] = []
    chars = iter(pattern)
    for char in chars:
        if char == "\\":
            parts.append(("literal", next(chars, "")))
        elif char in "*?":
            parts.append(("wild", char))
        else:
            parts.append(("literal", char))
    return parts


def _is_prefix(parts: list[tuple[str, str]]) -> bool:
    """Whether a wildcard pattern is a literal followed by one ``*``."""
    return bool(parts) and parts[-1] == ("wild", "*") and all(kind == "literal" for kind, _ in parts[:-1])


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
