"""Delivery providers: each behind one small interface, chosen by configuration."""
