"""Drafting: counts → facts → outline → text (template or a registered LLM backend) → guard; export of a whole report."""
