"""Imports as background jobs (``ckan jobs worker``): the web upload
queues a dry run, the coordinator's confirmation queues the import."""

from __future__ import annotations

import logging
import shutil
import uuid
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.simore import files
from ckanext.simore.imports import runner, runs
from ckanext.simore.imports.messages import FileRefused

log = logging.getLogger(__name__)

# An import of the whole UHRI (270,000 rows) takes well over RQ's default
# 180 s.
JOB_TIMEOUT = 6 * 3600


def storage_dir() -> Path:
    """Where uploaded files are kept (for the confirmation and resuming)."""
    return files.stored_folder("imports")


def store_upload(upload: Any, filename: str) -> Path:
    """Save an uploaded file (werkzeug FileStorage or a file object)."""
    folder = storage_dir() / str(uuid.uuid4())
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / files.safe_name(filename, default="upload")
    stream = getattr(upload, "stream", upload)
    with path.open("wb") as target:
        shutil.copyfileobj(stream, target)
    return path


def enqueue(run_id: str, dry_run: bool) -> None:
    job = tk.enqueue_job(
        run,
        [run_id, dry_run],
        title="simore import {} ({})".format(run_id, "dry run" if dry_run else "import"),
        rq_kwargs={"timeout": JOB_TIMEOUT},
    )
    runs.update(run_id, job_id=job.id)


def run(run_id: str, dry_run: bool) -> None:
    """The job: outcomes and errors are kept in the run's record."""
    try:
        runner.execute(run_id, dry_run=dry_run)
    except FileRefused:
        log.info("import %s: the file was refused", run_id)
