"""Foundations every layer uses: the advisor's errors, safe YAML in and out, where the shipped data lives, the version.

May import: the standard library and third-party packages only.
Must not import: any other part of the advisor.
"""
