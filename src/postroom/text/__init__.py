"""Rendering messages: placeholders, text message encoding, email HTML and plain text."""
