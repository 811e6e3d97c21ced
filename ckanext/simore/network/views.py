"""The shipped vocabularies as SKOS concept schemes, for the network's
members and any RDF client: ``/vocabulary.<format>`` (all of them) and
``/vocabulary/<name>.<format>``, in Turtle (``ttl``), RDF/XML (``rdf``) or
JSON-LD (``jsonld``). The records themselves are ckanext-dcat's endpoints
(``/catalog.<format>``, ``/dataset/<id>.<format>``)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint, make_response

from ckanext.simore import web
from ckanext.simore.network import skos
from ckanext.simore.vocabularies import terms as vocabularies

__all__ = ["vocabulary_schemes"]

vocabulary_schemes = Blueprint("simore_vocabulary_schemes", __name__)

# URL extension → (rdflib's format, media type)
FORMATS = {
    "ttl": ("turtle", "text/turtle"),
    "rdf": ("xml", "application/rdf+xml"),
    "jsonld": ("json-ld", "application/ld+json"),
}


def _serialized(names: list[str], extension: str):
    if extension not in FORMATS:
        return tk.abort(404, tk._("Unknown format {format!r}: use ttl, rdf or jsonld").format(format=extension))
    rdflib_format, media_type = FORMATS[extension]
    response = make_response(skos.schemes(names).serialize(format=rdflib_format))
    response.headers["Content-Type"] = "{}; charset=utf-8".format(media_type)
    return response


@vocabulary_schemes.route("/vocabulary.<extension>")
def all_vocabularies(extension: str):
    web.run("simore_vocabulary_list", {})
    return _serialized(vocabularies.names(), extension)


@vocabulary_schemes.route("/vocabulary/<name>.<extension>")
def one_vocabulary(name: str, extension: str):
    web.run("simore_vocabulary_show", {"id": name})
    return _serialized([name], extension)
