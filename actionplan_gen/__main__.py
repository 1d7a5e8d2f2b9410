"""Allows ``python -m actionplan_gen``."""

from actionplan_gen.entry import main

main()
