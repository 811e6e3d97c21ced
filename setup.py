"""Packaging for ckanext-simore.

The top-level ``schemas/`` and ``i18n/`` folders are installed inside the
package (as ``ckanext.simore.schemas`` and ``ckanext.simore.i18n``) so that a
plain ``pip install .`` carries everything the plugin reads at run time; the
translation catalogues are compiled to ``.mo`` files while building.
"""

from pathlib import Path

from setuptools import find_namespace_packages, setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).parent


class BuildPyWithCatalogs(build_py):
    """Compile every ``i18n/<lang>/LC_MESSAGES/*.po`` into the build tree."""

    def run(self):
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po_path in sorted((HERE / "i18n").glob("*/LC_MESSAGES/*.po")):
            relative = po_path.relative_to(HERE / "i18n").with_suffix(".mo")
            mo_path = Path(self.build_lib, "ckanext", "simore", "i18n", relative)
            mo_path.parent.mkdir(parents=True, exist_ok=True)
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=relative.parts[0])
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=False)


setup(
    name="ckanext-simore",
    version="0.1.0",
    description=("CKAN extension for monitoring the implementation of international human rights recommendations"),
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="AGPL-3.0-or-later",
    python_requires=">=3.10",
    packages=find_namespace_packages(include=["ckanext", "ckanext.*"])
    + ["ckanext.simore.schemas", "ckanext.simore.i18n"],
    package_dir={"ckanext.simore.schemas": "schemas", "ckanext.simore.i18n": "i18n"},
    package_data={
        "ckanext.simore": [
            "config_declaration.yaml",
            "templates/**/*",
            "assets/**/*",
            "public/**/*",
            "vocabularies/*.yaml",
            "data/*",
            "reporting/*.yaml",
            "indicators/*.yaml",
            "drafts/*.yaml",
            "migration/simore/alembic.ini",
            "migration/simore/README",
            "migration/simore/script.py.mako",
        ],
        "ckanext.simore.schemas": ["*.yaml"],
        "ckanext.simore.i18n": ["*/LC_MESSAGES/*.po"],
    },
    include_package_data=False,
    install_requires=[
        # Exact versions are pinned in requirements/; these are the ranges
        # the code is written for.
        "ckan>=2.11,<2.13",
        "ckanext-scheming>=3.1,<4",
        "luqum>=1.0,<2",
        "openpyxl>=3.1,<4",
        "icalendar>=6,<8",
        "ckanext-dcat>=2.4,<3",
        "rdflib>=7,<8",
    ],
    cmdclass={"build_py": BuildPyWithCatalogs},
    entry_points={
        "ckan.plugins": ["simore = ckanext.simore.plugin:SimorePlugin"],
        "ckan.rdf.profiles": [
            "simore = ckanext.simore.network.profiles:SimoreProfile",
            "simore_schemaorg = ckanext.simore.network.profiles:SimoreSchemaOrgProfile",
        ],
    },
)
