"""The rating engine: pure Python + numpy. Imports neither Flask nor SQLAlchemy.

    book = load_rulebook("rules")
    ruleset = book.for_date(as_of)
    rating = rate(parse_facts(data, ruleset), ruleset)
"""
from .errors import DomainError, FactsError, NoRuleSetForDate, Problem, RuleSetError
from .rating.facts import CompanyInfo, WharfFacts, WharfInfo, parse_facts
from .rating.events import SafetyEvent
from .rules.model import WHARF_TYPES, RuleSet
from .vocabulary import GRADE_CODES
from .rating.engine import Rating, rate
from .loading import load_rulebook, load_ruleset
from .rules.loading import RuleBook

__all__ = [
    "CompanyInfo", "DomainError", "FactsError", "GRADE_CODES", "NoRuleSetForDate", "Problem", "Rating", "RuleBook",
    "RuleSet", "RuleSetError", "SafetyEvent", "WHARF_TYPES", "WharfFacts", "WharfInfo", "load_rulebook",
    "load_ruleset", "parse_facts", "rate",
]
