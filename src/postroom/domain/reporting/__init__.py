"""Counting and charging: daily facts, statistics, template usage, rates and billing."""
