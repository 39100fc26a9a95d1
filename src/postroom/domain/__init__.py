"""The domain layer: every business rule of Postroom, once."""
