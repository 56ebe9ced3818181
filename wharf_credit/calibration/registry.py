"""Which calibrator is active: one small JSON record beside the artefacts (<root>/active.json).

The record holds the artefact id and sha256, the rule set it was trained on and the scikit-learn version, and when
and by whom it was activated. active_calibrator() is what the rating code asks: the calibrator, or None and why.
Any failure means rules-only; it never raises.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from .. import clock
from .adjust import ScoreCalibrator
from .artefact import MANIFEST, ArtefactError, LoadedArtefact, load_artefact, read_meta, sha256_file

ACTIVE = "active.json"


def read_active(root: str | Path) -> dict[str, Any] | None:
    path = Path(root) / ACTIVE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {"id": None, "error": f"{path} is unreadable"}


def write_active(root: str | Path, record: dict[str, Any]) -> None:
    """Atomically replace the active record."""
    path = Path(root) / ACTIVE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def clear_active(root: str | Path) -> dict[str, Any] | None:
    """Deactivate; returns the record that was active (None if none was)."""
    previous = read_active(root)
    try:
        (Path(root) / ACTIVE).unlink()
    except FileNotFoundError:
        pass
    return previous


def activation_record(meta: dict[str, Any], sha256: str, actor: str, now: dt.datetime | None = None) -> dict[str, Any]:
    now = now or clock.now().replace(microsecond=0)
    return {"id": meta["id"], "artefact_sha256": sha256, "kind": meta["kind"],
            "ruleset_id": meta["ruleset"]["id"], "ruleset_version": meta["ruleset"]["version"],
            "ruleset_major": meta["ruleset"]["major"], "ruleset_sha256": meta["ruleset"]["sha256"],
            "sklearn": meta["sklearn"], "review_date": meta["review_date"],
            "activated_at": now.isoformat(), "activated_by": actor}


def list_artefacts(root: str | Path) -> list[dict[str, Any]]:
    """Every artefact folder under root: its manifest (or the error reading it), sha256 and card, newest first."""
    out = []
    base = Path(root)
    if not base.is_dir():
        return out
    for folder in sorted(p for p in base.iterdir() if p.is_dir()):
        manifest = folder / MANIFEST
        item: dict[str, Any] = {"id": folder.name, "folder": str(folder)}
        try:
            item["meta"] = read_meta(manifest)
            item["sha256"] = sha256_file(manifest)
        except ArtefactError as exc:
            item["error"] = str(exc)
        try:
            item["card"] = json.loads((folder / "card.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            item["card"] = None
        out.append(item)
    out.sort(key=lambda i: i.get("meta", {}).get("created", ""), reverse=True)
    return out


def active_artefact(root: str | Path, ruleset: Any) -> tuple[LoadedArtefact | None, str | None]:
    """The active artefact checked against `ruleset` (hash, rule set, versions, parameters) but not yet against a
    date: (artefact, None), (None, None) when none is active, (None, why) when it is unusable."""
    record = read_active(root)
    if record is None:
        return None, None
    if not record.get("id"):
        return None, record.get("error", "the active calibrator record is malformed")
    try:
        return load_artefact(Path(root) / record["id"], record["artefact_sha256"], ruleset), None
    except ArtefactError as exc:
        return None, f"calibrator {record['id']} not used ({exc.reason}): {exc}"
    except Exception as exc:  # never let a broken artefact break a rating
        return None, f"calibrator {record['id']} not used (error): {exc!r}"


def expired(loaded: LoadedArtefact, as_of: dt.date) -> str | None:
    """Why a loaded artefact may not adjust a rating as of `as_of` (past its review date), else None."""
    review = loaded.meta["review_date"]
    if dt.date.fromisoformat(review) < as_of:
        return f"calibrator {loaded.meta['id']} not used (expired): past its review date {review}"
    return None


def active_calibrator(root: str | Path, ruleset: Any,
                      today: dt.date | None = None) -> tuple[ScoreCalibrator | None, str | None]:
    """(calibrator, None) when the active artefact passes every check; (None, None) when none is active;
    (None, why) when one is active but unusable: the caller rates rules-only, audits and shows a banner."""
    loaded, why = active_artefact(root, ruleset)
    if loaded is None:
        return None, why
    why = expired(loaded, today) if today is not None else None
    return (None, why) if why else (loaded.calibrator, None)
