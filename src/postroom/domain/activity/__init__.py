"""What a service's team sees of its messages: lists, searches, downloads, the dashboard,
received texts, and how long they are kept.
"""
