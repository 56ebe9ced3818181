"""Read and validate rule-set folders (`rules/<version>/`) into immutable RuleSets.

Every problem is reported with `file:line:col`; a folder with any problem yields no RuleSet at all, so a broken
edit can never replace a working rule set. The sha256 of the folder's canonical content (parsed YAML as sorted
JSON, file by file) identifies the version: comments and formatting do not change it, any value does.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from collections.abc import Callable
from typing import Any

from ..errors import NoRuleSetForDate, Problem, RuleSetError
from .model import Example, RuleSet
from .measures_schema import parse_measures, parse_procedures
from .schema import parse_basic, parse_green, parse_header, parse_rules, parse_safety
from .yaml_source import Loc, Node, Problems, load_yaml, to_plain

REQUIRED_FILES = ("ruleset.yaml", "green.yaml", "safety.yaml", "basic.yaml", "vetoes.yaml", "measures.yaml")
EXAMPLE_KEYS = ("name", "as_of", "facts", "expect")
Check = Callable[[RuleSet], list[Problem]]  # more problems found in a rule set read without fault
EXPECT_KEYS = ("grade", "score", "vetoes", "caps", "downgrades", "components")


def read_ruleset(folder: str | Path, check: Check | None = None) -> RuleSet:
    """Read one rule-set folder; raise RuleSetError listing every problem with file:line:col, and those `check`
    finds in the rule set read (the engine's run of its worked examples, given by domain/loading.py)."""
    folder = Path(folder)
    problems = Problems()
    if not folder.is_dir():
        raise RuleSetError([Problem(str(folder), "not a rule-set folder")])
    label = folder.name
    docs: dict[str, Node] = {}
    for name in REQUIRED_FILES:
        path = folder / name
        if not path.is_file():
            problems.add(Loc(f"{label}/{name}", 1, 1), "required file is missing")
            continue
        node = load_yaml(path, f"{label}/{name}", problems)
        if node is not None:
            docs[name] = node
    for extra in sorted(folder.glob("*.y*ml")):
        if extra.name not in REQUIRED_FILES:
            problems.add(Loc(f"{label}/{extra.name}", 1, 1),
                         f"unexpected file (a rule set has {', '.join(REQUIRED_FILES)} and examples/)")
    example_nodes: list[Node] = []
    for path in sorted((folder / "examples").glob("*.y*ml")) if (folder / "examples").is_dir() else []:
        node = load_yaml(path, f"{label}/examples/{path.name}", problems)
        if node is not None:
            example_nodes.append(node)
    if problems:
        raise RuleSetError(problems.items)

    header = parse_header(docs["ruleset.yaml"])
    green = parse_green(docs["green.yaml"])
    safety = parse_safety(docs["safety.yaml"])
    seen_ids: dict[str, Any] = {}
    if green:
        seen_ids.update({i.id: i.src for i in green[1]})
    if safety:
        seen_ids.update({i.id: i.src for i in safety.deductions + safety.bonuses})
    basic = parse_basic(docs["basic.yaml"], seen_ids)
    rules = parse_rules(docs["vetoes.yaml"], seen_ids)
    measures = parse_measures(docs["measures.yaml"])
    procedures = parse_procedures(docs["measures.yaml"], measures) if measures is not None else None
    examples = [_example(n) for n in example_nodes]
    if header and header["version"] and header["version"] != folder.name:
        docs["ruleset.yaml"].get("version").error(  # type: ignore[union-attr]
            f"version {header['version']!r} does not match its folder name {folder.name!r}")
    if problems or None in (header, green, safety, basic, rules, measures, procedures) or None in examples:
        raise RuleSetError(problems.items or [Problem(label, "invalid rule set")])
    assert header and green and safety is not None and basic is not None and rules is not None and measures
    ruleset = RuleSet(
        id=header["id"], version=header["version"], effective_from=header["effective_from"],
        effective_to=header["effective_to"], supersedes=header["supersedes"], components=header["components"],
        grades=header["grades"], policy=header["policy"], categories=green[0], indicators=green[1],
        mandatory_min_level=green[2], safety=safety, basic=basic, rules=rules, measures=measures,
        procedures=procedures,  # type: ignore[arg-type]
        examples=tuple(e for e in examples if e is not None), sha256=_sha256(folder, docs, example_nodes),
        folder=str(folder), files=tuple(sorted(docs)) + tuple(n.loc.file for n in example_nodes),
    )
    if check is not None:
        failures = check(ruleset)
        if failures:
            raise RuleSetError(failures)
    return ruleset


def _example(node: Node) -> Example | None:
    if not node.mapping(required=EXAMPLE_KEYS, optional=("note",), what="an example"):
        return None
    name = node.get("name").str()  # type: ignore[union-attr]
    as_of = node.get("as_of").date()  # type: ignore[union-attr]
    facts = node.get("facts")
    expect = node.get("expect")
    if not isinstance(facts.value, dict):  # type: ignore[union-attr]
        facts.error("facts must be a mapping (the facts JSON shape)")  # type: ignore[union-attr]
        return None
    if not expect.mapping(optional=EXPECT_KEYS, what="expect"):  # type: ignore[union-attr]
        return None
    if name is None or as_of is None:
        return None
    return Example(name, as_of, facts.plain(), expect.plain(), node.loc)  # type: ignore[union-attr]


def _sha256(folder: Path, docs: dict[str, Node], examples: list[Node]) -> str:
    h = hashlib.sha256()
    for name in sorted(docs):
        h.update(name.encode() + b"\n")
        h.update(json.dumps(to_plain(docs[name].value), sort_keys=True, ensure_ascii=False).encode() + b"\n")
    for node in sorted(examples, key=lambda n: n.loc.file):
        h.update(node.loc.file.split("/", 1)[1].encode() + b"\n")
        h.update(json.dumps(to_plain(node.value), sort_keys=True, ensure_ascii=False).encode() + b"\n")
    return h.hexdigest()


@dataclass(frozen=True)
class RuleBook:
    """Every rule-set version under one `rules/` folder, with non-overlapping effective windows."""

    rulesets: tuple[RuleSet, ...]

    def for_date(self, day: dt.date) -> RuleSet:
        for rs in self.rulesets:
            if rs.effective_on(day):
                return rs
        raise NoRuleSetForDate([Problem("as_of", f"no rule set is effective on {day.isoformat()}"
                                        f" (loaded: {', '.join(self.versions()) or 'none'})")])

    def version(self, version: str) -> RuleSet:
        for rs in self.rulesets:
            if rs.version == version:
                return rs
        raise KeyError(version)

    def versions(self) -> list[str]:
        return [rs.version for rs in self.rulesets]

    def latest(self) -> RuleSet:
        return max(self.rulesets, key=lambda r: r.effective_from)


def read_rulebook(root: str | Path, check: Check | None = None) -> RuleBook:
    """Load every `root/<version>/` folder; all must be valid and their effective windows must not overlap."""
    root = Path(root)
    if not root.is_dir():
        raise RuleSetError([Problem(str(root), "rules folder not found")])
    problems: list[Problem] = []
    loaded: list[RuleSet] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        try:
            loaded.append(read_ruleset(folder, check))
        except RuleSetError as exc:
            problems.extend(exc.problems)
    if not loaded and not problems:
        problems.append(Problem(str(root), "no rule-set folders found"))
    loaded = ended_by_successors(sorted(loaded, key=lambda r: r.effective_from))
    for a, b in zip(loaded, loaded[1:], strict=False):
        if a.ends_on is None or a.ends_on > b.effective_from:
            problems.append(Problem(
                f"{b.version}/ruleset.yaml:{_line_of(b, 'effective_from')}",
                f"effective window [{b.effective_from}, {b.effective_to or '∞'}) overlaps version {a.version}"
                f" [{a.effective_from}, {a.effective_to or '∞'}); set effective_to on {a.version}"))
    if problems:
        raise RuleSetError(problems)
    return RuleBook(tuple(loaded))


def ended_by_successors(rulesets: list[RuleSet]) -> list[RuleSet]:
    """Open-ended versions closed by the version that supersedes them: a version with `supersedes: X` and
    `effective_from: D` ends X's window at D when X's folder leaves `effective_to` empty. So a new version is added
    without editing the one in force, whose content, and so its sha256 (stored with every rating made under it),
    stays as it was (`ended_by` records the end; `effective_to` stays as written). An effective_to written out
    still counts, and must not overlap the successor."""
    successors = {rs.supersedes: rs for rs in rulesets if rs.supersedes}
    out = []
    for rs in rulesets:
        after = successors.get(rs.version)
        if rs.effective_to is None and after is not None and after.effective_from > rs.effective_from:
            rs = replace(rs, ended_by=after.effective_from)
        out.append(rs)
    return out


def _line_of(rs: RuleSet, key: str) -> str:
    from ruamel.yaml import YAML

    data = YAML(typ="rt").load((Path(rs.folder) / "ruleset.yaml").read_text(encoding="utf-8"))
    line, col = data.lc.key(key)
    return f"{line + 1}:{col + 1}"
