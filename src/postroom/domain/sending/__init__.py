"""Accepting a message: every rule a request must pass (limits, recipients, trial mode),
then the stored notification.
"""
