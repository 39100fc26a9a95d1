"""Machinery that is not a business rule: remembered reads, encryption, signed links, keyset
paging, version history, audit events.
"""
