"""Services and how they are set up: teams, invitations, senders, API keys, callbacks,
retention periods, going live.
"""
