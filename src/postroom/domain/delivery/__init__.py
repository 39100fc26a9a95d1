"""After acceptance: handing messages to providers, their receipts and time-outs, and
callbacks to services.
"""
