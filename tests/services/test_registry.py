import pytest

from wharf_credit.domain.uscc import uscc_problem, with_check_digit
from wharf_credit.services import ServiceError
from wharf_credit.services.registry import save_company, save_wharf

from ..factories import make_company, make_user


@pytest.mark.parametrize("code", ["91350100M000100Y43", with_check_digit("91330521MA2B3C4D5")])
def test_valid_unified_social_credit_codes_pass_the_gb_32100_check(code):
    assert uscc_problem(code) is None


@pytest.mark.parametrize("code, message", [
    ("91350100M000100Y44", "check digit should be 3"),
    ("9135010", "18 characters"),
    ("91350100M000100YI3", "not allowed"),
])
def test_invalid_codes_say_what_is_wrong(code, message):
    assert message in uscc_problem(code)


def test_a_company_with_a_bad_code_is_refused_on_the_uscc_field(session):
    admin = make_user(session, "inspector")
    with pytest.raises(ServiceError) as exc:
        save_company(session, {"name": "坏代码公司", "uscc": "91350100M000100Y44"}, admin)
    assert exc.value.field == "uscc"


def test_the_same_code_cannot_be_registered_twice(session):
    existing = make_company(session)
    with pytest.raises(ServiceError) as exc:
        save_company(session, {"name": "重复", "uscc": existing.uscc}, "tester")
    assert exc.value.field == "uscc"


def test_editing_a_wharf_records_before_and_after(session):
    from wharf_credit.services.audit import history

    company = make_company(session)
    wharf = save_wharf(session, {"company_id": company.id, "name": "新市码头", "code": "X-1", "type": "bulk"}, "t")
    save_wharf(session, {"company_id": company.id, "name": "新市一号码头", "code": "X-1", "type": "bulk"}, "t",
               wharf_id=wharf.id)
    entries = history(session, "wharf", wharf.id)
    assert [e.action for e in entries] == ["wharf.created", "wharf.updated"]
    assert entries[1].before["name"] == "新市码头" and entries[1].after["name"] == "新市一号码头"


def test_saving_a_wharf_unchanged_writes_no_audit_entry(session):
    from wharf_credit.services.audit import history

    company = make_company(session)
    data = {"company_id": company.id, "name": "新市码头", "code": "X-2", "type": "bulk"}
    wharf = save_wharf(session, data, "t")
    save_wharf(session, data, "t", wharf_id=wharf.id)
    assert [e.action for e in history(session, "wharf", wharf.id)] == ["wharf.created"]
