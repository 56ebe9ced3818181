"""The integrity check (`flask audit verify`, the nightly duty): the audit chain (hashes, signatures, signed
checkpoints of its head) and every stored rating re-rated from its stored inputs. One function, for every door."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from ..domain import DomainError, RuleBook
from .audit import append_checkpoint, checkpoint, key_for, read_checkpoints, verify_chain
from .ratings import recheck_ratings


@dataclass(frozen=True)
class IntegrityReport:
    entries: int
    checkpoints: int
    unsigned_before_signing: int
    chain_problems: list[str]
    ratings_checked: int
    rating_problems: list[str]
    checkpoint_written: int | None = None  # the head entry a new checkpoint records, if one was written
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        legacy = f" ({self.unsigned_before_signing} from before signing, chain-checked only)" \
            if self.unsigned_before_signing else ""
        return (f"audit chain: {self.entries} entries{legacy}, {self.checkpoints} checkpoints, "
                f"{len(self.chain_problems)} problems; "
                f"ratings: {self.ratings_checked} re-rated, {len(self.rating_problems)} differences")


def verify_everything(session: Session, book: RuleBook, checkpoint_file: Path, extra_checkpoint_files: Iterable[Path] = (),
                      write_checkpoint: bool = True) -> IntegrityReport:
    """Check the chain against the checkpoints in `checkpoint_file` (and any extra files), re-rate every stored rating;
    on a clean run append a signed checkpoint of the head to `checkpoint_file`, unless the last one there already
    records this head (so running it twice adds nothing)."""
    points, unreadable = read_checkpoints(checkpoint_file)
    known = list(points)
    for extra in extra_checkpoint_files:
        more, bad = read_checkpoints(Path(extra))
        known += more
        unreadable += bad
    chain = verify_chain(session, checkpoints=known)
    try:
        ratings = recheck_ratings(session, book)
        rating_problems, checked = ratings.problems, ratings.checked
    except DomainError as exc:
        rating_problems, checked = [str(exc)], 0
    chain_problems = unreadable + chain.problems
    problems = chain_problems + rating_problems
    written = None
    key = key_for(session)
    if not problems and write_checkpoint and key is not None:
        point = checkpoint(session, key)
        if point is not None and not (points and points[-1].id == point.id and points[-1].hash == point.hash):
            append_checkpoint(checkpoint_file, point)
            written = point.id
    return IntegrityReport(chain.entries, chain.checkpoints, chain.unsigned_before_signing, chain_problems, checked,
                           rating_problems, written, problems)
