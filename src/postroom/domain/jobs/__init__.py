"""Sending to a list: a file of recipients uploaded (`uploads`), read (`spreadsheet`), checked
(`recipient_file`), started or scheduled as a job (`jobs`), and made into notifications in
batches (`processing`), which the outbox then hands over in the bulk lane."""
