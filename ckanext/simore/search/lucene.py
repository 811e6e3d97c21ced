"""Solr query strings (standard Lucene syntax, dismax, edismax) parsed with
luqum into a small query model with Lucene's own boolean semantics.

Pure: imports nothing from CKAN. Anything that cannot be answered exactly
raises :class:`QuerySyntaxError` (the connection turns it into CKAN's
``SearchQueryError``).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from luqum import tree
from luqum.exceptions import ParseError
from luqum.thread import parse as luqum_parse

MUST, SHOULD, MUST_NOT = "must", "should", "must_not"


class QueryError(ValueError):
    """A query the backend does not answer."""


class QuerySyntaxError(QueryError):
    """A malformed query: Solr refuses it too (and CKAN reports it so)."""


class UnsupportedQueryError(QueryError):
    """A query Solr would answer but this backend cannot answer exactly."""


# -- the query model -------------------------------------------------------


@dataclasses.dataclass
class MatchAll:
    boost: float = 1.0


@dataclasses.dataclass
class Term:
    """A word or phrase on one field (analysed according to the field)."""

    field: str
    value: str
    phrase: bool = False
    boost: float = 1.0


@dataclasses.dataclass
class Wildcard:
    field: str
    pattern: str  # with unescaped * and ? as wildcards, \\ escapes kept
    boost: float = 1.0


@dataclasses.dataclass
class Exists:
    field: str
    boost: float = 1.0


@dataclasses.dataclass
class Range:
    field: str
    low: str | None  # None: open (``*``)
    high: str | None
    include_low: bool = True
    include_high: bool = True
    boost: float = 1.0


@dataclasses.dataclass
class DisMax:
    """One user term searched in several fields (dismax ``qf``)."""

    value: str
    phrase: bool
    fields: list[tuple[str, float]]
    tie: float
    boost: float = 1.0


@dataclasses.dataclass
class Bool:
    clauses: list[tuple[str, Query]]
    min_should: int = 0
    boost: float = 1.0

    def of(self, occur: str) -> list[Query]:
        return [query for kind, query in self.clauses if kind == occur]


Query = MatchAll | Term | Wildcard | Exists | Range | DisMax | Bool


# -- parsing ---------------------------------------------------------------

_CONJ_AND, _CONJ_OR, _CONJ_NONE = "AND", "OR", None
_MOD_REQ, _MOD_NOT = "+", "-"


@dataclasses.dataclass
class DismaxOptions:
    fields: list[tuple[str, float]]
    min_match: str | None
    tie: float


def split_local_params(text: str) -> tuple[dict[str, list[str]], str] | None:
    """Solr local parameters: ``{!type key=value key='quoted value'}rest``
    as ({"type": [...], "key": [...]}, rest); None when there are none."""
    text = text.lstrip()
    if not text.startswith("{!"):
        return None
    params: dict[str, list[str]] = {}
    position, length = 2, len(text)

    def read_until(stops: str) -> str:
        nonlocal position
        start = position
        while position < length and text[position] not in stops and not text[position].isspace():
            position += 1
        return text[start:position]

    first = True
    while True:
        while position < length and text[position].isspace():
            position += 1
        if position >= length:
            raise QuerySyntaxError(f"Unterminated local parameters in {text!r}")
        if text[position] == "}":
            return params, text[position + 1 :]
        key = read_until("=}")
        if not key:
            raise QuerySyntaxError(f"Invalid local parameters in {text!r}")
        if position < length and text[position] == "=":
            position += 1
            if position < length and text[position] in "'\"":
                quote, value_chars = text[position], []
                position += 1
                while position < length and text[position] != quote:
                    if text[position] == "\\" and position + 1 < length:
                        position += 1
                    value_chars.append(text[position])
                    position += 1
                if position >= length:
                    raise QuerySyntaxError(f"Unterminated quote in local parameters {text!r}")
                position += 1
                value = "".join(value_chars)
            else:
                value = read_until("}")
            params.setdefault(key, []).append(value)
        elif first:
            params.setdefault("type", []).append(key)
        else:
            raise QuerySyntaxError(f"Invalid local parameter {key!r}")
        first = False


def parse_standard(
    text: str, default_field: str = "text", default_operator: str = "OR", dismax: DismaxOptions | None = None
) -> Query:
    """A standard (Lucene) query; with ``dismax`` options, unfielded terms
    are searched in the ``qf`` fields (edismax)."""
    if text.strip().startswith("{!"):
        raise QuerySyntaxError("Local parameters ({!...}) must start the query")
    node = _parse(text)
    builder = _Builder(default_field, default_operator.upper() == "AND", dismax)
    query = builder.build(node, None if dismax else default_field)
    if dismax and dismax.min_match and isinstance(query, Bool) and not builder.explicit_operators:
        query.min_should = min_should_match(len(query.of(SHOULD)), dismax.min_match)
    return query


def parse_dismax(text: str, options: DismaxOptions, default_operator: str = "OR") -> Query:
    """A DisMax query: words, quoted phrases, + and -, AND/OR/NOT; every other
    special character is literal, as in Solr's DisMaxQParser."""
    builder = _Builder("text", False, options, dismax_only=True)
    node = _parse_dismax(text)
    query = builder.build(node, None)
    if isinstance(query, Bool):
        spec = options.min_match
        if spec is None:
            spec = "100%" if default_operator.upper() == "AND" else "0%"
        query.min_should = min_should_match(len(query.of(SHOULD)), spec)
    elif isinstance(query, DisMax):
        query = Bool([(MUST, query)])
    return query


def _parse(text: str) -> tree.Item:
    try:
        return luqum_parse(text)
    except ParseError as error:
        raise QuerySyntaxError(f"Cannot parse query {text!r}: {error}") from None


# Characters Solr's DisMaxQParser escapes (SolrPluginUtils.partialEscape):
# everything special except quotes, + and -.
_DISMAX_ESCAPED = set("\\!():^[]{}~*?/&|")


def _parse_dismax(text: str) -> tree.Item:
    """As Solr's DisMaxQParser prepares the user's query: unbalanced quotes
    dropped, special characters escaped, illegal operators stripped; what
    still does not parse is a syntax error there too."""
    if text.count('"') % 2:
        text = text.replace('"', "")
    escaped = "".join("\\" + char if char in _DISMAX_ESCAPED else char for char in text)
    return _parse(_strip_illegal_operators(escaped))


def _strip_illegal_operators(text: str) -> str:
    """SolrPluginUtils.stripIllegalOperators: a run of + and - operators
    after whitespace (" +-x", "a - -b") becomes a space; operators dangling
    at the end ("water -") are dropped."""
    out: list[str] = []
    position, length = 0, len(text)
    while position < length:
        char = text[position]
        if char.isspace():
            start = position
            while position < length and text[position].isspace():
                position += 1
            if position < length and text[position] in "+-":
                end, groups = position + 1, 0
                while True:
                    probe = end
                    while probe < length and text[probe].isspace():
                        probe += 1
                    if probe < length and text[probe] in "+-":
                        while probe < length and text[probe] in "+-":
                            probe += 1
                        end, groups = probe, groups + 1
                    else:
                        break
                if groups:
                    out.append(" ")
                    position = end
                    continue
            out.append(text[start:position])
            continue
        out.append(char)
        position += 1
    result = "".join(out)
    tail = len(result)
    while tail > 0 and (result[tail - 1] in "+-" or result[tail - 1].isspace()):
        tail -= 1
    first_space = next((i for i in range(tail, len(result)) if result[i].isspace()), None)
    if first_space is not None and len(result) - first_space >= 2:
        result = result[:first_space]
    return result


def min_should_match(optional: int, spec: str) -> int:
    """Solr's ``mm`` (minimum should match) for a number of optional
    clauses, as in SolrPluginUtils.calculateMinShouldMatch."""
    spec = " ".join(spec.split())
    try:
        if "<" in spec:
            result = optional
            spec = spec.replace(" <", "<").replace("< ", "<")
            for condition in spec.split(" "):
                upper, _, value = condition.partition("<")
                if optional <= int(upper):
                    return result
                result = min_should_match(optional, value)
            return result
        if spec.endswith("%"):
            calculated = optional * int(spec[:-1]) / 100
            result = optional + int(calculated) if calculated < 0 else int(calculated)
        else:
            calculated = int(spec)
            result = optional + calculated if calculated < 0 else calculated
    except ValueError:
        raise QuerySyntaxError(f"Invalid mm (minimum match) value: {spec!r}") from None
    return max(0, min(result, optional))


class _Builder:
    def __init__(self, default_field, default_and, dismax=None, dismax_only=False):
        self.default_field = default_field
        self.default_and = default_and
        self.dismax = dismax
        self.dismax_only = dismax_only
        self.explicit_operators = False

    def build(self, node: tree.Item, field: str | None) -> Query:
        return self._boolean(node, field)

    # Lucene's classic QueryParser.addClause: operators bind left to right,
    # AND makes the previous and next clause required, + and - mark clauses.
    def _boolean(self, node: tree.Item, field: str | None) -> Query:
        sequence = list(_flatten(node))
        clauses: list[list] = []  # [occur, query]
        pending: str | None = None
        for conj, operand in sequence:
            if isinstance(operand, tree.Word) and operand.value in ("&&", "||"):
                pending = _CONJ_AND if operand.value == "&&" else _CONJ_OR
                self.explicit_operators = True
                continue
            if pending:
                conj, pending = pending, None
            if conj in (_CONJ_AND, _CONJ_OR):
                self.explicit_operators = True
            mods, inner = _modifiers(operand, self.dismax_only)
            if mods and isinstance(inner, (tree.Plus, tree.Prohibit, tree.Not)):
                raise QuerySyntaxError(f"Cannot parse '{operand}': misplaced operator")
            if mods == _MOD_NOT:
                self.explicit_operators = True
            if clauses and conj == _CONJ_AND and clauses[-1][0] != MUST_NOT:
                clauses[-1][0] = MUST
            if clauses and self.default_and and conj == _CONJ_OR and clauses[-1][0] != MUST_NOT:
                clauses[-1][0] = SHOULD
            query = self._clause(inner, field)
            if query is None:  # a term that analyses to nothing is dropped
                continue
            prohibited = mods == _MOD_NOT
            if self.default_and:
                required = not prohibited and conj != _CONJ_OR
            else:
                required = mods == _MOD_REQ or (conj == _CONJ_AND and not prohibited)
            occur = MUST if required else MUST_NOT if prohibited else SHOULD
            clauses.append([occur, query])
        if pending:
            raise QuerySyntaxError("A query cannot end with an operator")
        if len(clauses) == 1 and clauses[0][0] != MUST_NOT:
            return clauses[0][1]
        return Bool([(occur, query) for occur, query in clauses])

    def _clause(self, node: tree.Item, field: str | None) -> Query | None:
        boost = 1.0
        while isinstance(node, tree.Boost):
            boost = finite_number(boost * finite_number(node.force, "boost"), "boost")
            node = node.expr
        query = self._node(node, field)
        if query is not None and boost != 1.0:
            query.boost *= boost
        return query

    def _node(self, node: tree.Item, field: str | None) -> Query | None:
        if isinstance(node, tree.SearchField):
            if self.dismax_only:
                raise QuerySyntaxError("Fields are not allowed in a dismax query")
            name = _unescape(node.name)
            if name == "*":
                if isinstance(node.expr, tree.Word) and node.expr.value == "*":
                    return MatchAll()
                raise QuerySyntaxError("Only *:* may use the * field")
            return self._clause(node.expr, name)
        if isinstance(node, (tree.Group, tree.FieldGroup)):
            return self._boolean(node.expr, field)
        if isinstance(node, (tree.AndOperation, tree.OrOperation, tree.UnknownOperation)):
            return self._boolean(node, field)
        if isinstance(node, tree.Word):
            return self._word(node, field)
        if isinstance(node, tree.Phrase):
            value = _unescape(node.value[1:-1])
            return self._term(field, value, phrase=True)
        if isinstance(node, tree.Range):
            return self._range(field, node.low, node.high, node.include_low, node.include_high)
        if isinstance(node, tree.From):
            return self._range(field, node.a, None, node.include, True)
        if isinstance(node, tree.To):
            return self._range(field, None, node.a, True, node.include)
        if isinstance(node, tree.Proximity):
            raise UnsupportedQueryError('Phrase proximity ("..."~N) is not supported')
        if isinstance(node, tree.Fuzzy):
            raise UnsupportedQueryError("Fuzzy terms (word~N) are not supported")
        if isinstance(node, tree.Regex):
            raise UnsupportedQueryError("Regular expression terms (/.../) are not supported")
        if isinstance(node, (tree.Plus, tree.Prohibit, tree.Not)):
            # "--a", "+-a", "title:-a": Lucene allows one modifier, before a clause
            raise QuerySyntaxError(f"Cannot parse '{node}': misplaced operator")
        raise UnsupportedQueryError(f"Unsupported query element: {node}")

    def _word(self, node: tree.Word, field: str | None) -> Query | None:
        raw = node.value
        if self.dismax_only or not node.has_wildcard():
            return self._term(field, _unescape(raw), phrase=False)
        target = field or self.default_field
        if raw == "*":
            if field is None and self.dismax is not None:
                raise UnsupportedQueryError("A lone * must name a field (field:*)")
            return Exists(target)
        return Wildcard(target, raw)

    def _term(self, field: str | None, value: str, phrase: bool) -> Query | None:
        if field is None and self.dismax is not None:
            if not _has_token(value):
                return None
            return DisMax(value, phrase, list(self.dismax.fields), self.dismax.tie)
        return Term(field or self.default_field, value, phrase)

    def _range(self, field, low, high, include_low, include_high) -> Range:
        target = field or self.default_field

        def bound(item):
            if item is None:
                return None
            if isinstance(item, tree.Word) and item.value == "*":
                return None
            if isinstance(item, tree.Phrase):
                return _unescape(item.value[1:-1])
            if isinstance(item, tree.Word):
                return _unescape(item.value)
            raise QuerySyntaxError(f"Invalid range bound: {item}")

        return Range(target, bound(low), bound(high), include_low, include_high)


def _flatten(node: tree.Item, conj: str | None = _CONJ_NONE) -> Iterator[tuple[str | None, tree.Item]]:
    """A same-level run of luqum's precedence-built operations back in text
    order, each operand with the operator written before it."""
    ops = {tree.AndOperation: _CONJ_AND, tree.OrOperation: _CONJ_OR, tree.UnknownOperation: _CONJ_NONE}
    op = ops.get(type(node), "leaf")
    if op == "leaf":
        yield conj, node
        return
    for index, child in enumerate(node.operands):
        yield from _flatten(child, conj if index == 0 else op)


def _modifiers(node: tree.Item, dismax_only: bool = False) -> tuple[str | None, tree.Item]:
    if (
        not dismax_only and isinstance(node, tree.Word) and node.value.startswith("!") and len(node.value) > 1
    ):  # Lucene's "!" (luqum reads it as part of the word)
        return _MOD_NOT, tree.Word(node.value[1:])
    if isinstance(node, tree.Plus):
        return _MOD_REQ, node.a
    if isinstance(node, (tree.Prohibit, tree.Not)):
        return _MOD_NOT, node.a
    return None, node


def _unescape(value: str) -> str:
    out = []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            out.append(next(chars, ""))
        else:
            out.append(char)
    return "".join(out)


def _has_token(value: str) -> bool:
    """Whether a term has anything a text analyser would keep."""
    return any(char.isalnum() for char in value)


def has_token(value: str) -> bool:
    return _has_token(value)


def finite_number(value: Any, what: str) -> float:
    """A float that SQL can take inline: NaN and infinities would be read
    as column names there."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise QuerySyntaxError(f"Invalid {what}: {value!r}") from None
    if not math.isfinite(number):
        raise QuerySyntaxError(f"Invalid {what}: {value!r}")
    return number


def parse_boost_fields(spec: str) -> list[tuple[str, float]]:
    """``qf`` as (field, boost) pairs: ``"name^4 title^4 text"``."""
    fields = []
    for item in spec.split():
        name, _, boost = item.partition("^")
        try:
            fields.append((name, finite_number(Decimal(boost), "boost in qf") if boost else 1.0))
        except (ArithmeticError, QuerySyntaxError):
            raise QuerySyntaxError(f"Invalid boost in qf: {item!r}") from None
    if not fields:
        raise QuerySyntaxError("qf names no field")
    return fields
