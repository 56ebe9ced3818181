"""The rating: from one wharf's facts to a grade with its trace.

Facts parsed and checked (facts, events), the green score (green), the safety score (safety), the derived inputs of
the grade rules (derived), vetoes, caps and downgrades (grading), the whole rating of one wharf (engine), the same for
many at once in numpy columns (batch, batch_dicts), the texts of a trace (texts) and a rule set's worked examples run
through it (examples).
"""
