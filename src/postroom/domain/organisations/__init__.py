"""Organisations: the bodies services belong to, their teams, and what they offer their
services (branding pools, go-live approval, a free text-message allowance).

The other domain packages may import this one; it imports none of them.
"""
