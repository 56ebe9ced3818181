"""A deterministic demo registry: companies, wharves of all seven types, three years of annual assessments and
safety events, ratings over all five grades, and one user per role. For `make run` and browser tests."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain import RuleBook
from ..domain.rules.model import WHARF_TYPES, Indicator
from ..domain.uscc import ALPHABET, with_check_digit
from ..models import Assessment, AssessmentValue, Company, SafetyEventRow, User, Wharf
from .. import clock
from ..clock import utcnow
from ..policy import bound_to_a_company
from . import ServiceError, audit
from .facts import facts_for
from .ratings import calibrated_row, latest_rating, rate_wharf
from .uow import unit_of_work

PLACES = ("新市", "乾元", "武康", "钟管", "洛舍", "雷甸", "禹越", "新安", "下渚湖", "莫干山", "阜溪", "舞阳")
WATERWAYS = ("京杭运河", "东苕溪", "湘溪", "德清运河", "杭湖锡线", "长湖申线")
TRADES = {"bulk": "散货", "sand_gravel": "砂石", "container": "集装箱", "general_cargo": "件杂货",
          "dangerous_goods": "危化品", "passenger": "客运", "roro": "滚装"}
TYPE_MIX = ("bulk", "bulk", "sand_gravel", "sand_gravel", "sand_gravel", "container", "general_cargo",
            "general_cargo", "dangerous_goods", "passenger", "roro")
DEMO_USERS = (("inspector", "inspector", "检查员 王工"), ("permit", "permit_officer", "许可科 李科长"),
              ("reviewer", "reviewer", "审核员 陈主任"), ("company", "company", "企业管理员"),
              ("admin", "admin", "系统管理员"))


def value_for_level(ind: Indicator, level: int, rng: random.Random) -> Any:
    if ind.kind == "level":
        return level
    if ind.kind == "bool":
        return level >= 3
    bps = ind.breakpoints
    if ind.better == "lower":
        return bps[5 - level] if level else round(bps[-1] * 1.2, 3)
    if level == 0:
        return max(round(bps[0] * 0.5, 3), ind.value_min or 0)
    return bps[level - 1]


def seed(session: Session, book: RuleBook, wharves: int = 210, seed: int = 2026,
         password: str = "demo-pass-2026") -> str:
    """Fill an empty database. Returns a summary with the demo logins; does nothing if data exists."""
    if session.execute(select(func.count(Company.id))).scalar_one():
        return "demo data already present (the database is not empty); nothing seeded"
    rng = random.Random(seed)
    today = clock.today()
    with unit_of_work(session):
        companies: list[Company] = []
        for n in range(max(wharves // 3, 1)):
            uscc = with_check_digit("913305" + "21" + "".join(rng.choice(ALPHABET[:10] + "ABCDEFGH")
                                                              for _ in range(9)))
            place = PLACES[n % len(PLACES)]
            companies.append(Company(
                name=f"德清{place}{'一二三四五六七八九'[n % 9]}{TRADES[TYPE_MIX[n % len(TYPE_MIX)]]}港务有限公司"
                     f"{'' if n < 9 * len(PLACES) else n}",
                uscc=uscc, permit_no=f"浙湖德港经证（{2021 + n % 4}）{n + 1:04d}号",
                permit_valid_until=today + dt.timedelta(days=rng.choice((-20, 45, 400, 700, 900, 1100))
                                                        if n % 17 == 5 else rng.randint(200, 1400)),
                safety_evaluation_valid_until=today + dt.timedelta(days=rng.randint(-60, 900) if n % 13 == 3
                                                                   else rng.randint(120, 900)),
                serious_dishonesty_list=(n == 41), filings_complete=(n % 23 != 7),
                contact_name=rng.choice(("张", "王", "李", "赵", "陈", "沈", "钱")) + rng.choice(("经理", "站长", "主任")),
                contact_phone=f"0572-8{rng.randint(100000, 999999)}", address=f"浙江省湖州市德清县{place}镇"))
        session.add_all(companies)
        session.flush()
        rows: list[Wharf] = []
        for i in range(wharves):
            wtype = WHARF_TYPES[i] if i < len(WHARF_TYPES) else TYPE_MIX[rng.randrange(len(TYPE_MIX))]
            company = companies[i % len(companies)]
            since = today - dt.timedelta(days=rng.choice((200, 300)) if i % 29 == 11 else rng.randint(4 * 365, 20 * 365))
            rows.append(Wharf(company_id=company.id, name=f"{PLACES[i % len(PLACES)]}{TRADES[wtype]}码头{i + 1}号",
                              code=f"DQ-{i + 1:04d}", type=wtype, waterway=rng.choice(WATERWAYS),
                              berths=rng.randint(1, 6), capacity_kt=float(rng.randint(5, 300) * 10),
                              max_dwt=rng.choice((300, 500, 1000, 2000)), year_built=since.year, operating_since=since,
                              location=f"{PLACES[i % len(PLACES)]}镇"))
        session.add_all(rows)
        session.flush()
        users = _users(session, companies[0], password)
        inspector = users["inspector"]
        ratings = 0
        to_publish: list[int] = []
        for wharf in rows:
            ratings += _history(session, book, wharf, rng, today, inspector, to_publish)
        audit.record(session, "seed-demo", "demo.seeded", "database", "demo", None,
                     {"companies": len(companies), "wharves": len(rows), "ratings": ratings, "seed": seed})
    lines = [f"seeded {len(companies)} companies, {len(rows)} wharves, {ratings} ratings (seed {seed})",
             "demo logins (password: " + password + "):"]
    lines += [f"  {u.username:<10} {u.role}" + (f" of {companies[0].name} ({companies[0].uscc})"
                                                 if bound_to_a_company(u.role) else "") for u in users.values()]
    lines += _measures(session, book, companies, rows, users, to_publish, today)
    return "\n".join(lines)


def _users(session: Session, company: Company, password: str) -> dict[str, User]:
    out = {}
    for username, role, name in DEMO_USERS:
        user = User(username=username, role=role, display_name=name,
                    company_id=company.id if bound_to_a_company(role) else None)
        user.set_password(password)
        session.add(user)
        out[username] = user
    session.flush()
    return out


def _history(session: Session, book: RuleBook, wharf: Wharf, rng: random.Random, today: dt.date,
             inspector: User, to_publish: list[int]) -> int:
    """Three annual assessments with events between them; a rating after each. Latent quality drives both.
    The earlier ratings are final; the latest is provisional, and ~90 % of them go to `to_publish`."""
    quality = rng.betavariate(4, 1.6)  # most wharves are decent, a tail is poor
    dates = [today - dt.timedelta(days=730 + rng.randint(0, 20)), today - dt.timedelta(days=365 + rng.randint(0, 20)),
             today - dt.timedelta(days=rng.randint(5, 60))]
    start = max(wharf.operating_since or dates[0], today - dt.timedelta(days=3 * 365))
    _events(session, wharf, rng, quality, start, today, inspector)
    count = 0
    for year, day in enumerate(dates):
        if wharf.operating_since and day < wharf.operating_since:
            continue
        ruleset = book.for_date(day)
        values = {}
        for ind in ruleset.by_type[wharf.type]:
            if rng.random() < 0.04:
                continue  # not assessed
            level = min(5, max(0, round(rng.gauss(quality * 5 + 0.3 * year, 0.9))))
            values[ind.id] = value_for_level(ind, level, rng)
        assessment = Assessment(wharf_id=wharf.id, assessed_on=day, ruleset_version=ruleset.version,
                                ruleset_sha256=ruleset.sha256, inspector_id=inspector.id,
                                notes="年度绿色码头评估" if year else "首次评估")
        assessment.values = [AssessmentValue(indicator_id=k, value=v, evidence="现场核查") for k, v in values.items()]
        session.add(assessment)
        session.flush()
        inputs = facts_for(session, wharf, day, values)
        row = calibrated_row(session, ruleset, wharf.id, inputs, day, inspector.id, assessment.id)
        publish_it = rng.random() < 0.9  # drawn for every rating, so the rest of the demo stays the same
        row.status = "final" if year < 2 else "provisional"
        if row.status != "provisional":
            row.published_at = utcnow()
        session.add(row)
        count += 1
        if year == 2 and publish_it:
            session.flush()
            to_publish.append(row.id)
    return count


def _events(session: Session, wharf: Wharf, rng: random.Random, quality: float, start: dt.date, today: dt.date,
            inspector: User) -> None:
    span = max((today - start).days, 1)

    def day() -> dt.date:
        return start + dt.timedelta(days=rng.randrange(span))

    risk = 1 - quality
    events: list[SafetyEventRow] = []
    for _ in range(4):  # on-site inspections, roughly two a year
        d = day()
        events.append(SafetyEventRow(wharf_id=wharf.id, kind="inspection", date=d,
                                     data={"onsite": True, "findings": int(rng.random() * 4 * risk)}))
    events.append(SafetyEventRow(wharf_id=wharf.id, kind="inspection", date=today - dt.timedelta(days=rng.randint(
        20, 300)), data={"onsite": rng.random() > 0.05, "findings": 0}))
    for _ in range(int(rng.random() * 6 * risk + 0.5)):
        d = day()
        major = rng.random() < 0.15 * risk
        deadline = d + dt.timedelta(days=30)
        rectified = d + dt.timedelta(days=rng.randint(5, 25)) if rng.random() > 0.15 * risk else None
        if rectified and rectified > today:
            rectified = None
        events.append(SafetyEventRow(wharf_id=wharf.id, kind="hidden_danger", date=d, data={
            "severity": "major" if major else "general", "deadline": deadline.isoformat(),
            "rectified_on": rectified.isoformat() if rectified else None}))
    for _ in range(int(rng.random() * 3 * risk ** 1.5 + 0.3)):
        amount = rng.choice((0, 5000, 8000, 20000, 50000))
        events.append(SafetyEventRow(wharf_id=wharf.id, kind="penalty", date=day(), data={
            "measure": "fine" if amount else "warning", "amount_cny": amount,
            "category": rng.choice(("pollution", "safety", "operation"))}))
    if rng.random() < 0.08 * risk:
        events.append(SafetyEventRow(wharf_id=wharf.id, kind="accident", date=day(), data={
            "severity": "general", "deaths": 1 if rng.random() < 0.3 else 0, "injuries": rng.randint(0, 3),
            "responsible": True}))
    if rng.random() < 0.3 * quality:
        events.append(SafetyEventRow(wharf_id=wharf.id, kind="standardisation", date=day(),
                                     data={"level": rng.choice((1, 2, 2, 3))}))
    if rng.random() < 0.1 * quality:
        events.append(SafetyEventRow(wharf_id=wharf.id, kind="commendation", date=day(),
                                     data={"level": rng.choice(("county", "city", "province"))}))
    for e in events:
        e.recorded_by = inspector.id
        if e.data.get("rectified_on") is None:
            e.data.pop("rectified_on", None)
    session.add_all(events)
    session.flush()


# --- grades that act: publication, objections, permits, penalties, repair, the quarter's inspection draw -----------

@dataclass(frozen=True)
class CounterFiling:
    """A company's request handed in at the bureau counter (on paper), for companies without a demo login: the
    services need only the company and a name for the audit log."""

    company_id: int
    username: str
    id: None = None


def _measures(session: Session, book: RuleBook, companies: list[Company], wharves: list[Wharf],
              users: dict[str, User], to_publish: list[int], today: dt.date) -> list[str]:
    """Publish most latest ratings (their objection windows open today), then two objections (one upheld, one
    open), three permit decisions, two penalty cases, one open repair request and this quarter's draw (seed "demo").
    The company with the demo login and the next one are left alone (the browser journeys arrange them)."""
    from .inspections import run_draw
    from .penalties import penalty_suggestion, record_penalty_case
    from .permits import record_permit_decision
    from .publication import decide_objection, file_objection, publish
    from .repairs import request_repair
    from .standing import company_standing

    reviewer, officer = users["reviewer"], users["permit"]
    report = publish(session, book, to_publish, reviewer, today)
    lines = [f"published {len(report.published)} latest ratings; "
             f"{len(wharves) - len(report.published)} wharves left provisional or unrated"]
    spare = {c.id for c in companies[2:]}
    last_id = max((w.id for w in wharves), default=None)
    # from the end of the registry: the first wharves of each type are the ones people (and journeys) open first
    candidates = [w for w in reversed(wharves) if w.company_id in spare and w.id != last_id and w.type != "bulk"]

    grades = {c.id: company_standing(session, book, c, today).grade for c in companies}
    aa = next((c for c in companies[2:] if grades[c.id] == "AA"), None)
    d = next((c for c in companies[2:] if grades[c.id] == "D"), None)
    if d is None and len(companies) > 2:  # small demos: put one company on the dishonesty list, rated and published
        d = next((c for c in reversed(companies[2:]) if grades[c.id] != "AA"), companies[-1])
        with unit_of_work(session):
            before = d.audit_view()
            d.serious_dishonesty_list = True
            audit.record(session, "seed-demo", "company.updated", "company", d.id, before, d.audit_view())
        fresh = [rate_wharf(session, book, w, today, "seed-demo").id for w in wharves if w.company_id == d.id]
        publish(session, book, fresh, reviewer, today)
        grades[d.id] = company_standing(session, book, d, today).grade
    busy = {aa.id if aa else None, d.id if d else None}
    candidates = [w for w in candidates if w.company_id not in busy]

    objections = []
    for wharf in candidates:
        row = latest_rating(session, wharf.id)
        if len(objections) == 2:
            break
        if row is None or row.status != "published" or row.objection_until is None:
            continue
        company = wharf.company
        objections.append(file_objection(
            session, row.id, CounterFiling(company.id, f"counter:{company.uscc}"),  # type: ignore[arg-type]
            "安全评价行为记录中的一次隐患未标注整改日期，已于期限内整改，请核实。", today))
    if objections:
        decide_objection(session, book, objections[0].id, "upheld",
                         "经核查整改记录，隐患整改日期已记录在案，评价结果无误，维持原评价结果。", reviewer, today)
    used = {o.rating.wharf_id for o in objections}

    decisions = 0
    apps = [a.id for a in book.for_date(today).procedures.applications]
    for company, app, decision in ((aa, "renewal", "approved"), (d, "change_scope", "rejected"),
                                   (next((c for c in companies[2:] if c not in (aa, d)), None), apps[0],
                                    "more_material")):
        if company is None or app not in apps:
            continue
        decisions += 1
        record_permit_decision(session, book, company.id, app, decision, officer, today,
                               notes="演示数据", reference=f"DQ-DEMO-{decisions:04d}")

    cases = 0
    for wharf, violation, circumstances in (
            (None, "P-DUST-01", ["first_offence", "minor_harm", "corrected_promptly"]),
            (None, "P-WASTE-01", ["repeated"])):
        wharf = next((w for w in candidates if w.id not in used), None)
        if wharf is None:
            break
        used.add(wharf.id)
        _, advice = penalty_suggestion(session, book, wharf.id, violation, circumstances, today)
        measure = "none" if advice.exempt else "fine"
        amount = 0 if advice.exempt else round((advice.fine_low + advice.fine_high) / 2, -2)
        record_penalty_case(session, book, wharf.id, violation, circumstances, today - dt.timedelta(days=7),
                            measure, amount, officer, today, notes="演示数据")
        cases += 1

    repairs = 0
    for wharf in candidates:
        if wharf.id in used or repairs:
            continue
        events = session.execute(select(SafetyEventRow).where(
            SafetyEventRow.wharf_id == wharf.id, SafetyEventRow.kind.in_(("penalty", "hidden_danger")),
            SafetyEventRow.status == "active").order_by(SafetyEventRow.date)).scalars().all()
        filer = CounterFiling(wharf.company_id, f"counter:{wharf.company.uscc}")
        for event in events:
            try:
                request_repair(session, book, event.id, filer, "罚款已缴纳，问题已整改完毕并通过复查，申请信用修复。",  # type: ignore[arg-type]
                               True, today)
            except ServiceError:
                continue
            repairs += 1
            break

    period = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    try:
        draw = run_draw(session, book, period, "demo", users["admin"])
        drawn = f"inspection draw {period} (seed \"demo\"): {len(draw.items)} wharves"
    except ServiceError as exc:
        drawn = f"inspection draw {period}: {exc}"
    lines += [f"objections: {len(objections)} ({min(len(objections), 1)} upheld); permit decisions: {decisions}; "
              f"penalty cases: {cases}; open repair requests: {repairs}", drawn]
    for label, company in (("AA", aa), ("D", d)):
        if company is not None and grades.get(company.id) == label:
            lines.append(f"  {label} company for the permit desk: {company.name} ({company.uscc})")
        else:
            lines.append(f"  no {label} company in this demo")
    return lines
