"""Words every part of Postroom shares: statuses, message and organisation types,
permissions, errors, dates.
"""
