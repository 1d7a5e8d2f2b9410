"""Allows ``python -m actionplan_gen``."""

from actionplan_gen.cli import main

main()
