"""Users' accounts: signing in with a password and a second factor, resets and changes."""
