"""The rating engine: pure Python + numpy. Imports neither Flask nor SQLAlchemy.

    book = load_rulebook("rules")
    ruleset = book.for_date(as_of)
    rating = rate(parse_facts(data, ruleset), ruleset)
"""
from .errors import DomainError, FactsError, NoRuleSetForDate, Problem, RuleSetError
from .facts import CompanyInfo, WharfFacts, WharfInfo, parse_facts
from .events import SafetyEvent
from .model import WHARF_TYPES, RuleSet
from .vocabulary import GRADE_CODES
from .rating import Rating, rate
from .ruleset import RuleBook, load_rulebook, load_ruleset

__all__ = [
    "CompanyInfo", "DomainError", "FactsError", "GRADE_CODES", "NoRuleSetForDate", "Problem", "Rating", "RuleBook",
    "RuleSet", "RuleSetError", "SafetyEvent", "WHARF_TYPES", "WharfFacts", "WharfInfo", "load_rulebook",
    "load_ruleset", "parse_facts", "rate",
]
