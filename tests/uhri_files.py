"""UHRI-style export files written by the tests, with the quirks of the
real "Export to Excel" (see domain.md, "Data formats")."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl
from shared_data import shared_path

# The real UPR Info extract, read in place (never copied into the project).
UPR_INFO = shared_path("data", "upr-info")
PARAGUAY = UPR_INFO / "upr-recommendations-paraguay.csv"

# As UHRI spells them (two are misspelt).
HEADERS = [
    "Text",
    "Countries Concerned",
    "Reccomending Body",
    "Document Symbol",
    "Themes",
    "Affected Persons",
    "Sdgs",
    "Document Publication Date",
    "UPR Reccomending States",
    "UPR Position",
    "Type",
    "OHCHR Annotation Id",
    "UPR Session",
    "Regions Concerned",
    "Recommending Regions",
    "Date of publication on UHRI",
]

UPR_ROW = {
    "Text": "118.1 Ratify the Optional Protocol to the Convention against Torture",
    "Countries Concerned": "- Paraguay ",
    "Reccomending Body": "UPR",
    "Document Symbol": "A/HRC/17/18",
    "Themes": "- Ratification of & accession to international instruments\n-  Prohibition of torture & ill-treatment (including cruel, inhuman or degrading treatment)",
    "Affected Persons": "- Persons deprived of their liberty & detainees",
    "Sdgs": "- 16 - PEACE, JUSTICE AND STRONG INSTITUTIONS\n- 16.3 - Promote the rule of law at the national and international levels",
    "Document Publication Date": 40725,  # Excel serial day: 2011-07-01
    "UPR Reccomending States": "- Denmark\n- FR",
    "UPR Position": "Supported",
    "Type": "Recommendations",
    "OHCHR Annotation Id": "6F2B1C1E-3D2A-4A7B-9C1D-2E3F4A5B6C7D",
    "UPR Session": "10th Session",
    "Regions Concerned": "Latin America and the Caribbean",
    "Recommending Regions": "WEOG",
    "Date of publication on UHRI": 44000,
}

TREATY_ROW = {
    "Text": "12. The Committee recommends that the State party adopt a comprehensive law on violence against children",
    "Countries Concerned": "PY",
    "Reccomending Body": "Committee on the Rights of the Child",
    "Document Symbol": "CRC/C/PRY/CO/4-6",
    "Themes": "- Children: protection against exploitation\n- A theme UHRI invented yesterday",
    "Affected Persons": "- Children",
    "Sdgs": "- 16.2 - End abuse, exploitation, trafficking and all forms of violence against and torture of children",
    "Document Publication Date": 43140,  # 2018-02-09
    "Type": "Recommendations",
    "OHCHR Annotation Id": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
}


def rows() -> list[dict[str, Any]]:
    return [dict(UPR_ROW), dict(TREATY_ROW)]


def write_xlsx(path: Path, records: list[dict[str, Any]], headers: list[str] = HEADERS) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for record in records:
        sheet.append([record.get(h) for h in headers])
    workbook.save(path)
    return path


def write_csv(path: Path, records: list[dict[str, Any]], headers: list[str] = HEADERS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, headers)
        writer.writeheader()
        for record in records:
            writer.writerow({h: record.get(h, "") for h in headers})
    return path
