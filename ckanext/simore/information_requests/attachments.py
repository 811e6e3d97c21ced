"""The files attached to answers, kept under ``ckan.storage_path`` like
CKAN's own uploads (one folder per answer), of the types accepted as
evidence (``ckanext.simore.evidence_file_types``) and no larger than
``ckan.max_resource_size``. They are downloaded as attachments that no
browser runs (``views.attachment``)."""

from __future__ import annotations

import mimetypes
import shutil
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
from werkzeug.datastructures import FileStorage

from ckanext.simore import config, files
from ckanext.simore.security import links


def _folder(answer_id: str) -> Path:
    return files.stored_folder("answers", answer_id)


def checked(upload: Any) -> str:
    """The upload's safe file name, or a ValidationError naming ``upload``."""
    if not isinstance(upload, FileStorage) or not upload.filename:
        raise tk.ValidationError({"upload": [tk._("expected an uploaded file")]})
    if not links.file_type_allowed(upload.filename, config.evidence_file_types()):
        raise tk.ValidationError(
            {
                "upload": [
                    tk._("Files of type {type!r} cannot be uploaded; accepted types: {types}").format(
                        type=links.file_extension(upload.filename), types=", ".join(config.evidence_file_types())
                    )
                ]
            }
        )
    return files.safe_name(upload.filename)


def store(upload: FileStorage, answer_id: str, attachment_id: str, filename: str) -> int:
    """Write the upload; its size in bytes, or a ValidationError when it is
    larger than CKAN's maximum (nothing is kept then)."""
    path = path_of(answer_id, attachment_id, filename)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as target:
        shutil.copyfileobj(upload.stream, target)
    size = path.stat().st_size
    limit = tk.config.get("ckan.max_resource_size") * 1024 * 1024
    if size > limit:
        path.unlink()
        raise tk.ValidationError({"upload": [tk._("The file is larger than {limit} MB").format(limit=limit >> 20)]})
    return size


def path_of(answer_id: str, attachment_id: str, filename: str) -> Path:
    return _folder(answer_id) / "{}-{}".format(attachment_id, files.safe_name(filename))


def remove(answer_id: str, attachment_id: str, filename: str) -> None:
    path_of(answer_id, attachment_id, filename).unlink(missing_ok=True)


def content_type(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"
