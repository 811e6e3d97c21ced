"""Files attached to the extension's records (an answer's files, a report
draft's annexes): kept under ``ckan.storage_path`` like CKAN's own uploads,
one folder per record (``simore/<kind>/<record id>``), of the types
accepted as evidence (``ckanext.simore.evidence_file_types``) and no
larger than ``ckan.max_resource_size``; downloaded as attachments that no
browser runs."""

from __future__ import annotations

import contextlib
import mimetypes
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import ckan.plugins.toolkit as tk
from flask import send_file
from werkzeug.datastructures import FileStorage

from ckanext.simore import config, files
from ckanext.simore.security import links
from ckanext.simore.security.web import UPLOAD_POLICY


class Kept(NamedTuple):
    """A file written to disk, for its row: its id, safe name and size."""

    id: str
    filename: str
    size: int


def content_type(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


class Attachments:
    """The files of one kind of record, in the folder ``kind`` ("answers",
    "annexes")."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def folder(self, record_id: str) -> Path:
        return files.stored_folder(self.kind, record_id)

    def checked(self, upload: Any) -> str:
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

    def store(self, upload: FileStorage, record_id: str, file_id: str, filename: str) -> int:
        """Write the upload; its size in bytes, or a ValidationError when it
        is larger than CKAN's maximum (nothing is kept then)."""
        path = self.path_of(record_id, file_id, filename)
        path.parent.mkdir(parents=True, exist_ok=True)
        limit = tk.config.get("ckan.max_resource_size") * 1024 * 1024
        try:
            with path.open("wb") as target:
                shutil.copyfileobj(upload.stream, target)
            size = path.stat().st_size
            if size > limit:
                raise tk.ValidationError(
                    {"upload": [tk._("The file is larger than {limit} MB").format(limit=limit >> 20)]}
                )
        except BaseException:
            path.unlink(missing_ok=True)  # nothing half-written is kept
            raise
        return size

    @contextlib.contextmanager
    def kept(self, upload: Any, record_id: str) -> Iterator[Kept]:
        """Check and write the upload, for the block to write its row; the
        file is removed when the block fails, so that no file is kept
        without its row (and a refused upload leaves neither)."""
        filename = self.checked(upload)
        file_id = uuid.uuid4().hex[:12]
        size = self.store(upload, record_id, file_id, filename)
        try:
            yield Kept(file_id, filename, size)
        except BaseException:
            self.remove(record_id, file_id, filename)
            raise

    def path_of(self, record_id: str, file_id: str, filename: str) -> Path:
        return self.folder(record_id) / "{}-{}".format(file_id, files.safe_name(filename))

    def remove(self, record_id: str, file_id: str, filename: str) -> None:
        self.path_of(record_id, file_id, filename).unlink(missing_ok=True)

    def remove_all(self, record_id: str) -> None:
        """Remove the record's folder with its files (the record is gone)."""
        shutil.rmtree(self.folder(record_id), ignore_errors=True)

    def download(self, record_id: str, item: dict[str, Any] | None) -> Any:
        """The response that downloads ``item`` (a file as the record lists
        it to the reader: ``id``, ``filename``), always as an attachment
        that no browser runs; a 404 when the reader sees no such file."""
        if item is None or not self.path_of(record_id, item["id"], item["filename"]).is_file():
            return tk.abort(404, tk._("No such file"))
        path = self.path_of(record_id, item["id"], item["filename"])
        response = send_file(
            path, mimetype=content_type(item["filename"]), as_attachment=True, download_name=item["filename"]
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = UPLOAD_POLICY
        return response
