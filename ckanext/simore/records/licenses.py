"""The license the portal publishes its records under by default: CC BY
4.0, which CKAN's default license list lacks (it has an unversioned
"cc-by"), in CKAN's license-list format, offered at start-up."""

CC_BY_4 = {
    "id": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "od_conformance": "approved",
    "osd_conformance": "not reviewed",
    "domain_content": True,
    "domain_data": True,
    "status": "active",
    "maintainer": "Creative Commons",
}


def install() -> None:
    """At start-up: CC BY 4.0 among CKAN's licenses, and the portal's
    license (``ckanext.simore.license_id``) one of them."""
    from ckanext.simore import ckan_internals, config

    ckan_internals.add_license(CC_BY_4)
    if config.license_id() not in ckan_internals.license_ids():
        raise RuntimeError(
            "ckanext.simore.license_id: {!r} is not in CKAN's license list ({})".format(
                config.license_id(), ", ".join(ckan_internals.license_ids())
            )
        )
