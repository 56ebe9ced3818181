"""Supervision by grade (分级分类监管): what a grade brings once it is given.

Permit routes (permits), penalty discretion (penalties), random inspection draws (draws), the objection window and a
company's grade (publication), credit repair (repair). Pure functions over the tables of measures.yaml
(rules/procedures.py); nothing here hard-codes a grade's consequence.
"""
