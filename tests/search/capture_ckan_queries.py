"""Capture the search requests CKAN really sends to its search connection.

Usage (in a throw-away database: it creates users, datasets, pages)::

    python tests/search/capture_ckan_queries.py tests/ckan-core.ini OUTPUT.json

Drives CKAN's actions, pages and commands as anonymous, member, outsider
and sysadmin users, records every ``conn.search(**params)`` and
``conn.delete(q=...)`` call, and writes them (deduplicated) to OUTPUT.json.
``tests/search/data/ckan_queries.json`` was made with it on CKAN 2.11 and
2.12; ``test_golden_queries.py`` checks the translation of every entry.
"""

from __future__ import annotations

import json
import sys
from typing import Any

CALLS: list[dict[str, Any]] = []


def _record(kind: str, source: list[str]):
    def wrap(method):
        def recorded(self, *args, **kwargs):
            params = dict(kwargs)
            if args:
                params["q"] = args[0]
            CALLS.append({"kind": kind, "source": source[0], "params": params})
            return method(self, *args, **kwargs)

        return recorded

    return wrap


def main(ini: str, output: str) -> None:
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(ini))
    flask_app = app._wsgi_app if hasattr(app, "_wsgi_app") else app.apps["flask_app"]._wsgi_app
    _drive(flask_app)
    import ckan

    seen = set()
    unique = []
    for call in CALLS:
        key = json.dumps([call["kind"], call["params"]], sort_keys=True, default=str)
        if key not in seen:
            seen.add(key)
            unique.append(dict(call, ckan=ckan.__version__))
    with open(output, "w", encoding="utf-8") as out:
        json.dump(unique, out, indent=1, sort_keys=True, ensure_ascii=False, default=str)
    print(f"{len(unique)} distinct calls written to {output}")


def _drive(flask_app) -> None:
    from ckan import model
    from ckan.lib import search
    from ckan.tests import factories, helpers

    from ckanext.simore.search.connection import PostgresSearchConnection

    source = ["setup"]
    PostgresSearchConnection.search = _record("search", source)(PostgresSearchConnection.search)
    PostgresSearchConnection.delete = _record("delete", source)(PostgresSearchConnection.delete)

    def step(name: str) -> None:
        source[0] = name

    context = flask_app.test_request_context()
    context.push()
    sysadmin = factories.Sysadmin(password="correct123")
    member = factories.User(password="correct123")
    outsider = factories.User(password="correct123")
    org_fields = {"branch_of_government": "executive"}
    org = factories.Organization(users=[{"name": member["name"], "capacity": "editor"}], **org_fields)
    group = factories.Group()
    dataset = factories.Dataset(owner_org=org["id"], groups=[{"id": group["id"]}], tags=[{"name": "agua"}])
    factories.Dataset(owner_org=org["id"], private=True)
    deleted = factories.Dataset(owner_org=org["id"])
    helpers.call_action("package_delete", id=deleted["id"])
    context.pop()  # page requests must not share the setup's app context (flask.g)
    clients = {None: flask_app.test_client()}
    for user in (sysadmin, member, outsider):
        clients[user["name"]] = flask_app.test_client()
        clients[user["name"]].post("/user/login", data={"login": user["name"], "password": "correct123"})

    def get(url: str, user: dict[str, Any] | None = None) -> None:
        try:  # the queries are sent before the page renders; only they matter
            response = clients[user["name"] if user else None].get(url)
        except Exception as error:  # noqa: BLE001
            print(f"{url}: {error!r}", file=sys.stderr)
            return
        if response.status_code >= 500:
            print(f"{url}: HTTP {response.status_code}", file=sys.stderr)

    pages = [
        "/",
        "/dataset/",
        "/dataset/?q=agua",
        "/dataset/?q=discriminación contra las mujeres&sort=score desc, metadata_modified desc",
        "/dataset/?tags=agua&res_format=CSV&organization=" + org["name"],
        "/dataset/?q=title:agua&sort=title_string asc&page=2",
        "/dataset/?q=agua&ext_bbox=&sort=metadata_modified desc",
        "/dataset/?q=name:agua*",
        "/recommendation/",
        "/recommendation/?q=tortura&themes=torture&mechanism=UPR&publication_year=2014",
        "/recommendation/?sort=title_string desc&implementation_status=in_progress",
        "/action/",
        "/mechanism/",
        "/organization/",
        "/organization/" + org["name"],
        "/organization/" + org["name"] + "?q=agua&tags=agua",
        "/group/",
        "/group/" + group["name"],
        "/dataset/" + dataset["name"],
        "/feeds/dataset.atom",
        "/feeds/custom.atom?q=agua&tags=agua",
        "/feeds/organization/" + org["name"] + ".atom",
        "/feeds/tag/agua.atom",
        "/api/3/action/package_search?q=agua&rows=5&start=5&sort=name asc",
        '/api/3/action/package_search?fq=tags:agua&facet.field=["tags","organization"]&facet.limit=-1',
        "/api/3/action/package_search?q=metadata_modified:[NOW-1YEAR TO *]&fl=id,name,score",
        "/api/3/action/package_search?include_private=true&include_drafts=true",
        "/api/3/action/package_search?fq=-organization:foo +capacity:public&facet.mincount=0&facet.sort=index",
        "/api/3/action/package_autocomplete?q=agu",
        "/api/3/action/organization_list?all_fields=true",
        "/api/3/action/group_list?all_fields=true",
        "/api/3/action/organization_show?id=" + org["name"] + "&include_datasets=true",
        "/api/3/action/group_show?id=" + group["name"] + "&include_datasets=true",
        "/api/2/util/dataset/autocomplete?incomplete=agu",
        "/api/3/action/current_package_list_with_resources",
    ]
    for user, label in ((None, "anonymous"), (member, "member"), (outsider, "outsider"), (sysadmin, "sysadmin")):
        for url in pages:
            step(f"{label} GET {url}")
            get(url, user)
    for url in ("/ckan-admin/trash", "/dashboard/datasets", "/user/" + member["name"]):
        step(f"sysadmin GET {url}")
        get(url, sysadmin)
        step(f"member GET {url}")
        get(url, member)

    context.push()
    step("ckan search-index show")
    search.show(dataset["name"])
    step("ckan search-index check")
    search.check()
    step("ckan search-index rebuild <id>")
    search.rebuild(dataset["id"])
    step("ckan search-index rebuild (all)")
    search.rebuild(defer_commit=True, quiet=True)
    search.commit()
    step("ckan search-index rebuild --only-missing")
    search.rebuild(only_missing=True, quiet=True)
    step("ckan search-index clear <id>")
    search.clear(dataset["name"])
    step("package_delete")
    helpers.call_action("package_delete", id=dataset["id"])
    step("ckan search-index clear")
    search.clear_all()
    model.Session.remove()
    context.pop()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
