"""Tooling for the course: release, execution and grading helpers.

Notebooks never import this package: learners may run them on Colab or from
the student bundle, where it is absent.  It serves the Makefile and tests.
"""
