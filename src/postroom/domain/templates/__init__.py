"""Templates, their versions and folders, and rendering them for each kind of message."""
