"""Incidents (one ASB event each) and cases (a managed problem grouping incidents and people)."""
