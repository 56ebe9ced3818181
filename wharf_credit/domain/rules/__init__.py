"""The rule language: what a rule-set folder (rules/<version>/) may say and how it is read.

YAML with the file:line:col of every value (yaml_source), the schema of each file (schema, policy_schema,
measures_schema), the conditions a rule may test (conditions), the immutable rule set they build (model, procedures)
and reading a folder or a book of versions (loading). Nothing here rates a wharf: that is rating/.
"""
