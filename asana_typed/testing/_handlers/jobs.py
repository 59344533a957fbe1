"""Jobs: the asynchronous work of duplicating, instantiating templates and exporting.

The fake does the work at once (the new project or task exists as soon as the request is
answered), but reports it the way Asana does: the answer is a job ``in_progress``, and
``GET /jobs/{gid}`` shows it ``succeeded``. Exports named by a job (``new_graph_export``,
``new_resource_export``) get their ``completed_at`` and ``download_url`` then. An export's file
(gzip, as Asana's) is served without credentials under :data:`EXPORT_PREFIX` on the host the
client used, like attachment downloads.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from .._engine._app import Outcome, OutsideHandler
from .._engine._call import Call, Reply
from .._engine._router import Endpoints
from .._engine._state import Record, Store, ref_to, utc_timestamp

__all__ = ["EXPORT_PREFIX", "endpoints", "export_download_handler", "publish", "start_job"]

endpoints = Endpoints()

EXPORT_PREFIX = "/-/exports/"
_RESULT_KEYS = (
    "new_portfolio",
    "new_project",
    "new_task",
    "new_project_template",
    "new_graph_export",
    "new_resource_export",
)


def start_job(call: Call, subtype: str, **results: Record) -> Reply:
    """Answer 201 with a new ``in_progress`` job naming its results (``new_project=...``)."""
    fields: Record = {key: None for key in _RESULT_KEYS}
    fields.update((key, ref_to(record)) for key, record in results.items())
    job = call.store.insert("job", {"resource_subtype": subtype, "status": "in_progress", **fields})
    return call.one(job, status=201)


def publish(call: Call, export: Record) -> None:
    """Mark an export complete: its ``completed_at`` and ``download_url`` on the caller's host."""
    parts = urlsplit(call.base_url)
    export["download_url"] = f"{parts.scheme}://{parts.netloc}{EXPORT_PREFIX}{export['gid']}"
    if "completed_at" in export:
        export["completed_at"] = utc_timestamp()


@endpoints.get("/jobs/{job_gid}")
def get_job(call: Call) -> Reply:
    job = call.in_path("job")
    if job["status"] == "in_progress":
        job["status"] = "succeeded"
        for key in ("new_graph_export", "new_resource_export"):
            export = call.store.resolve(job[key]) if job[key] is not None else None
            if export is not None:
                publish(call, export)
    return call.one(job)


def export_download_handler(store: Store) -> OutsideHandler:
    """The handler of ``/-/exports/{gid}``: a finished export's gzip file, no credentials."""

    def download(method: str, url: httpx.URL, headers: httpx.Headers, body: bytes) -> Outcome:
        gid = url.path.rsplit("/", 1)[-1]
        with store.locked():
            export = store.find_any(gid)
        if method not in ("GET", "HEAD") or export is None or not export.get("download_url"):
            return Outcome(404, [("Content-Type", "text/plain")], b"Not Found")
        name = f"{export['resource_type']}_{gid}.{export['_extension']}.gz"
        answer = [
            ("Content-Type", "application/gzip"),
            ("Content-Disposition", f'attachment; filename="{name}"'),
        ]
        return Outcome(200, answer, export["_file"])

    return download
